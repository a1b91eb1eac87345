import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.js';
import type { AuditEntry } from '../../api/types.js';
import { Link, useQueryUpdater, useRoute } from '../../app/router.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { instantFromLocalInput, localInputFromInstant } from '../../time/datetime-local.js';
import { useTime } from '../../time/use-time.js';
import { TextField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { saveFile } from '../../ui/save-file.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { AUDIT_FILTERS, exportEntries, latestEntries, listEntries, type AuditFilters } from './audit-requests.js';
import { bookingEventTypes, eventLabel } from './event-labels.js';

const PAGE = 25;
const TIME_FILTERS = new Set(['from', 'to']);
const BOOKING_STREAM = /^booking-([0-9a-f-]{36})$/;

function EntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useI18n();
  const time = useTime();
  const booking = BOOKING_STREAM.exec(entry.streamId)?.[1];
  return (
    <tr>
      <td className="audit-num">{entry.seq}</td>
      <td>
        <time dateTime={entry.occurredAt}>{time.format(entry.occurredAt)}</time>
      </td>
      <td>
        {eventLabel(t, entry.type)}
        {eventLabel(t, entry.type) !== entry.type && <div className="muted audit-small">{entry.type}</div>}
      </td>
      <td>{entry.actor.kind === 'system' ? t('audit.system') : <code className="audit-id">{entry.actor.id}</code>}</td>
      <td>{booking ? <Link to={`/audit/bookings/${booking}`}>{entry.streamId}</Link> : <code className="audit-id">{entry.streamId}</code>}</td>
      <td>
        <details>
          <summary>{t('audit.col.data')}</summary>
          <pre className="audit-json">{JSON.stringify({ data: entry.data, request: entry.request, hash: entry.hash, prevHash: entry.prevHash }, null, 2)}</pre>
        </details>
      </td>
    </tr>
  );
}

/** The trail, filtered (the filters live in the URL), newest page first, with JSONL and CSV exports of every match. */
export function AuditEntries() {
  const { t } = useI18n();
  const time = useTime();
  const { query } = useRoute();
  const update = useQueryUpdater();
  const filters: AuditFilters = Object.fromEntries(AUDIT_FILTERS.flatMap((f) => (query.get(f) ? [[f, query.get(f)!]] : [])));
  const offsetParam = query.get('offset');
  const key = JSON.stringify(filters);
  const page = useAsync(
    (signal) => (offsetParam === null ? latestEntries(api, filters, PAGE, signal) : listEntries(api, filters, { limit: PAGE, offset: Number(offsetParam) || 0 }, signal)),
    [key, offsetParam],
  );
  const [form, setForm] = useState<Record<string, string>>(() =>
    Object.fromEntries(AUDIT_FILTERS.map((f) => [f, TIME_FILTERS.has(f) && filters[f] ? localInputFromInstant(filters[f]!, time.timeZone) : (filters[f] ?? '')])),
  );
  const apply = (e: FormEvent) => {
    e.preventDefault();
    const changes: Record<string, string | null> = { offset: null };
    for (const f of AUDIT_FILTERS) changes[f] = TIME_FILTERS.has(f) ? (instantFromLocalInput(form[f] ?? '', time.timeZone) ?? null) : form[f]?.trim() || null;
    update(changes);
  };
  const clear = () => {
    setForm(Object.fromEntries(AUDIT_FILTERS.map((f) => [f, ''])));
    update(Object.fromEntries([...AUDIT_FILTERS, 'offset'].map((f) => [f, null])));
  };
  const exporting = useAction(async (format: 'jsonl' | 'csv') => {
    const { blob, filename } = await exportEntries(api, filters, format);
    saveFile(blob, filename);
  });
  const field = (name: (typeof AUDIT_FILTERS)[number], label: MessageKey, extra: Record<string, unknown> = {}) => (
    <TextField label={t(label)} value={form[name] ?? ''} onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))} spellCheck={false} autoComplete="off" {...extra} />
  );

  return (
    <section className="audit-entries" aria-labelledby="audit-entries-title">
      <h2 id="audit-entries-title">{t('audit.entries.title')}</h2>
      <form className="card stack" onSubmit={apply} aria-label={t('audit.filter.title')}>
        <div className="audit-filters">
          {field('bookingId', 'audit.filter.bookingId')}
          {field('userId', 'audit.filter.userId')}
          {field('spaceId', 'audit.filter.spaceId')}
          {field('actor', 'audit.filter.actor')}
          {field('eventType', 'audit.filter.eventType', { list: 'audit-event-types' })}
          {field('from', 'audit.filter.from', { type: 'datetime-local', step: 1 })}
          {field('to', 'audit.filter.to', { type: 'datetime-local', step: 1 })}
        </div>
        <datalist id="audit-event-types">
          {bookingEventTypes.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
        <p className="muted audit-small">{t('time.yourZone', { zone: time.zoneLabel() })}</p>
        <div className="row">
          <button type="submit">{t('audit.filter.apply')}</button>
          <button type="button" className="secondary" onClick={clear}>
            {t('audit.filter.clear')}
          </button>
          <span className="audit-spacer" />
          <button type="button" className="secondary" disabled={exporting.pending} onClick={() => void exporting.run('jsonl')}>
            {t('audit.export.jsonl')}
          </button>
          <button type="button" className="secondary" disabled={exporting.pending} onClick={() => void exporting.run('csv')}>
            {t('audit.export.csv')}
          </button>
        </div>
        <ProblemMessage problem={exporting.error} />
      </form>
      <Loaded state={page}>
        {(p) =>
          p.items.length === 0 ? (
            <EmptyState>{t('audit.entries.none')}</EmptyState>
          ) : (
            <>
              <p className="muted" role="status">
                {t('audit.entries.range', { first: p.offset + 1, last: p.offset + p.items.length, total: p.total })}
              </p>
              {page.error && <ProblemMessage problem={page.error} />}
              <div className="table-scroll">
                <table className="audit-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.col.seq')}</th>
                      <th scope="col">{t('audit.col.occurredAt')}</th>
                      <th scope="col">{t('audit.col.type')}</th>
                      <th scope="col">{t('audit.col.actor')}</th>
                      <th scope="col">{t('audit.col.stream')}</th>
                      <th scope="col">{t('audit.col.data')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...p.items].reverse().map((e) => (
                      <EntryRow key={e.seq} entry={e} />
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="row audit-pager" aria-label={t('audit.pager')}>
                <button type="button" className="secondary" disabled={p.offset + p.items.length >= p.total} onClick={() => update({ offset: null })}>
                  {t('audit.page.newest')}
                </button>
                <button type="button" className="secondary" disabled={p.offset + p.items.length >= p.total} onClick={() => update({ offset: String(p.offset + PAGE) })}>
                  {t('audit.page.newer')}
                </button>
                <button type="button" className="secondary" disabled={p.offset === 0} onClick={() => update({ offset: String(Math.max(0, p.offset - PAGE)) })}>
                  {t('audit.page.older')}
                </button>
                <button type="button" className="secondary" disabled={p.offset === 0} onClick={() => update({ offset: '0' })}>
                  {t('audit.page.oldest')}
                </button>
              </nav>
            </>
          )
        }
      </Loaded>
    </section>
  );
}
