import { useState } from 'react';
import { isProblemOfKind } from '../../api/api-problem.js';
import type { CalendarFeedUrl, GoogleConnectionStatus } from '../../api/types.js';
import { useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { SelectField } from '../../ui/Field.js';
import { LoadFailure, Loaded, Spinner } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { CopyButton } from './CopyButton.js';
import { meApi } from './me-api.js';
import { MeNav } from './MeNav.js';
import './me.css';

const me = meApi();

/** The secret ICS feed of one's bookings: made, shown once, copied, replaced or removed. */
function FeedSection() {
  const t = useT();
  const time = useTime();
  const status = useAsync((signal) => me.feedStatus(signal), []);
  const [issued, setIssued] = useState<CalendarFeedUrl>();
  const [removed, setRemoved] = useState(false);
  const [confirm, setConfirm] = useState<'regenerate' | 'remove'>();
  const issue = useAction(async () => {
    const feed = await me.issueFeed();
    setIssued(feed);
    setRemoved(false);
    status.setData({ exists: true, createdAt: feed.createdAt });
  });
  const revoke = useAction(async () => {
    await me.revokeFeed();
    setIssued(undefined);
    setRemoved(true);
    status.setData({ exists: false, createdAt: null });
  });
  return (
    <section className="card stack" aria-labelledby="me-feed">
      <h2 id="me-feed">{t('me.feed.title')}</h2>
      <p>{t('me.feed.intro')}</p>
      <Loaded state={status}>
        {(s) => (
          <>
            {issued ? (
              <div className="stack">
                <label className="field">
                  <span className="me-label">{t('me.feed.url')}</span>
                  <input className="me-url" readOnly value={issued.url} onFocus={(e) => e.target.select()} aria-describedby="me-feed-once" />
                </label>
                <p id="me-feed-once" className="warning">
                  {t('me.feed.shownOnce')}
                </p>
                <div className="row">
                  <CopyButton text={issued.url} />
                  <a className="button secondary" href={issued.url.replace(/^https?:/, 'webcal:')}>
                    {t('me.feed.open')}
                  </a>
                </div>
              </div>
            ) : (
              <p role="status">{s.exists && s.createdAt ? t('me.feed.live', { date: time.format(s.createdAt, 'date') }) : removed ? t('me.feed.removed') : t('me.feed.none')}</p>
            )}
            <div className="row">
              {s.exists ? (
                <>
                  <button type="button" className="secondary" disabled={issue.pending} onClick={() => setConfirm('regenerate')}>
                    {t('me.feed.regenerate')}
                  </button>
                  <button type="button" className="secondary" disabled={revoke.pending} onClick={() => setConfirm('remove')}>
                    {t('me.feed.remove')}
                  </button>
                </>
              ) : (
                <button type="button" disabled={issue.pending} onClick={() => void issue.run()}>
                  {t('me.feed.create')}
                </button>
              )}
            </div>
          </>
        )}
      </Loaded>
      <ProblemMessage problem={issue.error ?? revoke.error} />
      <ConfirmDialog
        open={confirm !== undefined}
        title={t('me.confirm')}
        danger={confirm === 'remove'}
        message={t(confirm === 'remove' ? 'me.feed.removeConfirm' : 'me.feed.regenerateConfirm')}
        confirmLabel={t(confirm === 'remove' ? 'me.feed.remove' : 'me.feed.regenerate')}
        onClose={() => setConfirm(undefined)}
        onConfirm={() => {
          setConfirm(undefined);
          void (confirm === 'remove' ? revoke.run() : issue.run());
        }}
      />
    </section>
  );
}

function GoogleConnected({ connection, onChange }: { connection: GoogleConnectionStatus; onChange(next: GoogleConnectionStatus | null): void }) {
  const t = useT();
  const [calendarId, setCalendarId] = useState(connection.calendarId ?? 'primary');
  const [chosen, setChosen] = useState('');
  const [confirming, setConfirming] = useState(false);
  const choose = useAction(async () => {
    const next = await me.chooseGoogleCalendar(calendarId);
    setChosen(t('me.google.chosen', { calendar: next.calendars?.find((c) => c.id === next.calendarId)?.summary ?? next.calendarId ?? calendarId }));
    onChange(next);
  });
  const disconnect = useAction(async () => {
    await me.disconnectGoogle();
    onChange(null);
  });
  const calendars = connection.calendars;
  const name = (c: { summary: string; primary: boolean }) => (c.primary ? t('me.google.primary', { name: c.summary }) : c.summary);
  return (
    <div className="stack">
      <p className="me-ok">{t('me.google.connected')}</p>
      {calendars ? (
        <form className="row" onSubmit={(e) => { e.preventDefault(); void choose.run(); }}>
          <SelectField label={t('me.google.calendar')} value={calendarId} onChange={(e) => { setChosen(''); setCalendarId(e.target.value); }}>
            {calendars.map((c) => (
              <option key={c.id} value={c.id}>
                {name(c)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="secondary" disabled={choose.pending || calendarId === connection.calendarId}>
            {t('me.google.choose')}
          </button>
        </form>
      ) : (
        <p className="muted">{t('me.google.unreachable', { calendar: connection.calendarId ?? 'primary' })}</p>
      )}
      <p role="status" className="me-status">
        {chosen}
      </p>
      <ProblemMessage problem={choose.error ?? disconnect.error} />
      <div>
        <button type="button" className="secondary" disabled={disconnect.pending} onClick={() => setConfirming(true)}>
          {t('me.google.disconnect')}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('me.confirm')}
        message={t('me.google.disconnectConfirm')}
        confirmLabel={t('me.google.disconnect')}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void disconnect.run();
        }}
      />
    </div>
  );
}

/** Google Calendar sync: the OAuth callback comes back to this page with `?google=connected|error&reason=…`. */
function GoogleSection() {
  const t = useT();
  const { query } = useRoute();
  const connection = useAsync((signal) => me.googleConnection(signal), []);
  const [disconnected, setDisconnected] = useState(false);
  const connect = useAction(async () => {
    const { authorizationUrl } = await me.connectGoogle();
    window.location.assign(authorizationUrl);
  });
  const outcome = query.get('google');
  const notConfigured = connection.data?.available === false || isProblemOfKind(connection.error, 'google-calendar-not-configured');
  let body;
  if (notConfigured) body = <p className="muted">{t('me.google.notConfigured')}</p>;
  else if (connection.error && !connection.data) body = <LoadFailure problem={connection.error} onRetry={connection.reload} />;
  else if (!connection.data) body = <Spinner />;
  else if (connection.data.connected)
    body = (
      <GoogleConnected
        connection={connection.data}
        onChange={(next) => {
          setDisconnected(next === null);
          connection.setData(next ?? { available: true, connected: false, calendarId: null });
        }}
      />
    );
  else
    body = (
      <div className="stack">
        {connection.data.disconnectReason === 'access_revoked' && <p className="warning">{t('me.google.revoked')}</p>}
        <p role="status">{disconnected ? t('me.google.disconnected') : t('me.google.notConnected')}</p>
        <ProblemMessage problem={connect.error} />
        <div>
          <button type="button" disabled={connect.pending} onClick={() => void connect.run()}>
            {t('me.google.connect')}
          </button>
        </div>
      </div>
    );
  return (
    <section className="card stack" aria-labelledby="me-google">
      <h2 id="me-google">{t('me.google.title')}</h2>
      {!notConfigured && <p>{t('me.google.intro')}</p>}
      {outcome === 'connected' && connection.data?.connected && <p className="notice">{t('me.google.justConnected')}</p>}
      {outcome === 'error' && !connection.data?.connected && (
        <p className="problem" role="alert">
          {t(query.get('reason') === 'access_denied' ? 'me.google.denied' : 'me.google.failed')}
        </p>
      )}
      {body}
    </section>
  );
}

export default function CalendarPage() {
  const t = useT();
  return (
    <section className="me-page">
      <PageHeader title={t('me.cal.title')} />
      <MeNav />
      <div className="stack">
        <FeedSection />
        <GoogleSection />
      </div>
    </section>
  );
}
