import { useState, type FormEvent } from 'react';
import { api, UUID_PATTERN } from '../../api/client.js';
import type { UserPage } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { TextField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { findPeople, loadPersonReport, personReportPath } from './analytics-requests.js';
import { DownloadButtons } from './DownloadButtons.js';
import { formatHours, formatNumber } from './figures.js';
import type { Period } from './period.js';
import { UsageFigures } from './UsageFigures.js';


/** Pick a person: by name where the viewer may read users, else by account id. */
function PersonPicker({ onChoose }: { onChoose(userId: string): void }) {
  const { t } = useI18n();
  const mayReadUsers = useSession().can('users.read');
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [found, setFound] = useState<UserPage | null>(null);
  const search = useAction(async (q: string) => setFound(await findPeople(api, q)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (mayReadUsers && !UUID_PATTERN.test(value)) {
      if (value) void search.run(value);
      return;
    }
    setInvalid(!UUID_PATTERN.test(value));
    if (UUID_PATTERN.test(value)) onChoose(value);
  };
  return (
    <form className="stack analytics-person" onSubmit={submit} noValidate>
      <div className="row">
        <TextField
          label={t(mayReadUsers ? 'analytics.person.search' : 'analytics.person.id')}
          hint={t(mayReadUsers ? 'analytics.person.searchHint' : 'analytics.person.idHint')}
          error={invalid ? t('analytics.person.invalidId') : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" disabled={search.pending}>
          {t(mayReadUsers ? 'app.search' : 'analytics.person.show')}
        </button>
      </div>
      <ProblemMessage problem={search.error} />
      {found && (
        <div aria-live="polite">
          {found.items.length === 0 ? (
            <EmptyState>{t('analytics.person.noMatch')}</EmptyState>
          ) : (
            <ul className="analytics-people">
              {found.items.map((u) => (
                <li key={u.userId}>
                  <button type="button" className="ghost" onClick={() => onChoose(u.userId)}>
                    {u.displayName} <span className="muted">{u.email}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}

function PersonFigures({ userId, period }: { userId: string; period: Period }) {
  const { t, locale } = useI18n();
  const report = useAsync((signal) => loadPersonReport(api, userId, period, signal), [userId, period.from, period.to]);
  return (
    <Loaded state={report}>
      {(r) => (
        <div className="stack">
          <h3>{r.person.name ?? t('analytics.person.unnamed', { id: r.person.userId })}</h3>
          {r.sites && <p className="muted">{t('analytics.person.someSites')}</p>}
          <UsageFigures usage={r.total} />
          {r.spaces.length > 0 && (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('analytics.person.perSpace')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.axis.space')}</th>
                    <th scope="col">{t('analytics.fig.bookings')}</th>
                    <th scope="col">{t('analytics.fig.booked')}</th>
                    <th scope="col">{t('analytics.fig.cancelled')}</th>
                    <th scope="col">{t('analytics.fig.noShows')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.spaces.map((s) => (
                    <tr key={s.spaceId}>
                      <th scope="row">{s.spaceName}</th>
                      <td>{formatNumber(s.usage.bookings, locale)}</td>
                      <td>{formatHours(s.usage.bookedMinutes, locale)}</td>
                      <td>{formatNumber(s.usage.cancelled, locale)}</td>
                      <td>{formatNumber(s.usage.noShows, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <DownloadButtons path={personReportPath(userId)} period={period} labels={{ csv: 'analytics.person.downloadCsv', pdf: 'analytics.person.downloadPdf' }} />
        </div>
      )}
    </Loaded>
  );
}

/** What one person booked, cancelled and missed in the period, with its downloads. */
export function PersonReportSection({ period, userId, onChoose }: { period: Period; userId: string; onChoose(userId: string): void }) {
  const { t } = useI18n();
  return (
    <section className="analytics-section card stack">
      <h2>{t('analytics.person.title')}</h2>
      <PersonPicker onChoose={onChoose} />
      {userId && <PersonFigures key={`${userId}:${period.from}:${period.to}`} userId={userId} period={period} />}
    </section>
  );
}
