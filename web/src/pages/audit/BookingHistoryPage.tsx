import { useState } from 'react';
import { api } from '../../api/client.js';
import type { BookingChange } from '../../api/types.js';
import { Link, useQueryUpdater, useRoute } from '../../app/router.js';
import { useI18n } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { EmptyState, Loaded, Spinner } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { useAsync } from '../../ui/use-async.js';
import { AsOfForm } from './AsOfForm.js';
import { bookingAsOf, bookingChanges, loadSpace } from './audit-requests.js';
import { eventLabel, statusLabel } from './event-labels.js';
import './audit.css';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A field value of a change (`details.changes.start.from`) for people. */
function useValueText() {
  const time = useTime();
  return (value: unknown): string => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'string') return ISO.test(value) ? time.format(value) : value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return JSON.stringify(value);
  };
}

function ChangeEntry({ change, asOf, onAsOf }: { change: BookingChange; asOf: string; onAsOf(instant: string): void }) {
  const { t } = useI18n();
  const time = useTime();
  const text = useValueText();
  const d = change.details as { changes?: Record<string, { from: unknown; to: unknown }>; reason?: string; comment?: string };
  const actor = change.actor.kind === 'system' ? t('audit.system') : (change.actor.displayName ?? change.actor.id);
  // Events after the instant asked about are not in the state shown beside them.
  const later = Date.parse(change.occurredAt) > Date.parse(asOf);
  return (
    <li className={later ? 'audit-event audit-event-later' : 'audit-event'}>
      <div className="audit-event-head">
        <strong>{eventLabel(t, change.type)}</strong>
        {later && <span className="visually-hidden">{t('audit.history.later')}</span>}
        {change.previousStatus !== change.status && (
          <span className="muted">
            {change.previousStatus ? `${statusLabel(t, change.previousStatus)} → ` : ''}
            {statusLabel(t, change.status)}
          </span>
        )}
      </div>
      <p className="audit-event-meta">
        <time dateTime={change.occurredAt} title={t('audit.recordedAt', { time: time.format(change.recordedAt) })}>
          {time.format(change.occurredAt)}
        </time>{' '}
        · {t('audit.by', { actor })}
      </p>
      {(d.changes || d.reason || d.comment) && (
        <ul className="audit-event-details">
          {Object.entries(d.changes ?? {}).map(([field, c]) => (
            <li key={field}>{t('audit.change', { field, from: text(c.from), to: text(c.to) })}</li>
          ))}
          {d.reason && <li>{t('audit.reason', { text: d.reason })}</li>}
          {d.comment && <li>{t('audit.comment', { text: d.comment })}</li>}
        </ul>
      )}
      <button type="button" className="ghost audit-event-asof" onClick={() => onAsOf(change.occurredAt)}>
        {t('audit.history.asOfThis')}
      </button>
    </li>
  );
}

interface StateProps {
  bookingId: string;
  asOf: string;
  validAt: string | undefined;
  spaceName: string | undefined;
  bookerName: string | null | undefined;
}

/** The booking as it stood at `asOf` (its own load, so a new question never shows the last answer). */
function StateAsOf({ bookingId, asOf, validAt, spaceName, bookerName }: StateProps) {
  const { t } = useI18n();
  const time = useTime();
  const answer = useAsync((signal) => bookingAsOf(api, bookingId, asOf, validAt, signal), [bookingId, asOf, validAt]);
  if (answer.error?.status === 404) return <p className="warning">{t('audit.asOf.notYet', { time: time.format(asOf) })}</p>;
  if (answer.error) return <ProblemMessage problem={answer.error} />;
  if (!answer.data) return <Spinner />;
  const { state, revision, eventsApplied, lastEventAt, validTime } = answer.data;
  const current = state.current as { start: string; end: string; participants: number; resources: unknown[] } | null | undefined;
  const timeZone = typeof state.timeZone === 'string' ? state.timeZone : undefined;
  return (
    <div className="stack">
      <p className="muted">{t('audit.asOf.result', { time: time.format(asOf), revision, count: eventsApplied, last: time.format(lastEventAt) })}</p>
      <dl className="audit-state">
        <dt>{t('audit.state.status')}</dt>
        <dd>
          <StatusBadge status={state.status} />
          {state.pendingChange ? <span className="muted"> · {t('audit.state.pendingChange')}</span> : null}
        </dd>
        <dt>{t('audit.state.purpose')}</dt>
        <dd>{state.purpose || '—'}</dd>
        {current && (
          <>
            <dt>{t('audit.state.when')}</dt>
            <dd>
              {time.range(current.start, current.end)}
              {time.siteNote(current.start, timeZone) && <div className="muted">{time.siteNote(current.start, timeZone)}</div>}
            </dd>
            <dt>{t('audit.state.participants')}</dt>
            <dd>{current.participants}</dd>
          </>
        )}
        <dt>{t('audit.state.space')}</dt>
        <dd>{spaceName ?? <code>{state.spaceId}</code>}</dd>
        <dt>{t('audit.state.booker')}</dt>
        <dd>{bookerName ?? <code>{state.bookerId}</code>}</dd>
      </dl>
      {validTime && (
        <p className={validTime.holdsSpace ? 'notice' : 'warning'}>
          {t(validTime.holdsSpace ? 'audit.validAt.held' : 'audit.validAt.free', { time: time.format(validTime.at) })}
        </p>
      )}
    </div>
  );
}

/** A booking's full history (who did what, when) and its state as of any instant. */
export default function BookingHistoryPage() {
  const { t } = useI18n();
  const time = useTime();
  const { params, query } = useRoute();
  const update = useQueryUpdater();
  const bookingId = params.bookingId!;
  const [openedAt] = useState(() => new Date().toISOString());
  const asOf = query.get('asOf') ?? openedAt;
  const validAt = query.get('validAt') ?? undefined;
  const history = useAsync((signal) => bookingChanges(api, bookingId, signal), [bookingId]);
  const spaceId = history.data?.[0]?.spaceId;
  const space = useAsync((signal) => (spaceId ? loadSpace(api, spaceId, signal) : Promise.resolve(null)), [spaceId]);
  const bookerId = history.data?.[0]?.bookerId;
  const bookerName = history.data?.find((c) => c.actor.id === bookerId)?.actor.displayName;

  return (
    <section className="audit-page">
      <PageHeader title={t('audit.history.title')}>
        <Link to="/audit">{t('audit.history.back')}</Link>
      </PageHeader>
      <p className="muted">
        {t('audit.history.booking')} <code>{bookingId}</code>
      </p>
      <div className="audit-history-layout">
        <section className="card audit-asof" aria-labelledby="audit-asof-title">
          <h2 id="audit-asof-title">{t('audit.asOf.title')}</h2>
          <AsOfForm timeZone={time.timeZone} zoneLabel={time.zoneLabel()} asOf={asOf} validAt={validAt} onSubmit={(q) => update({ asOf: q.asOf, validAt: q.validAt ?? null })} />
          <div aria-live="polite">
            <StateAsOf key={`${asOf}|${validAt}`} bookingId={bookingId} asOf={asOf} validAt={validAt} spaceName={space.data?.name} bookerName={bookerName} />
          </div>
        </section>
        <section aria-labelledby="audit-events-title">
          <h2 id="audit-events-title">{t('audit.history.events')}</h2>
          <Loaded state={history}>
            {(changes) =>
              changes.length === 0 ? (
                <EmptyState>{t('audit.history.empty')}</EmptyState>
              ) : (
                <ol className="audit-timeline">
                  {changes.map((c) => (
                    <ChangeEntry key={c.eventId} change={c} asOf={asOf} onAsOf={(instant) => update({ asOf: instant })} />
                  ))}
                </ol>
              )
            }
          </Loaded>
        </section>
      </div>
    </section>
  );
}
