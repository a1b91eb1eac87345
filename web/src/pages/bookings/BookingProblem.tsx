import { ApiProblem } from '../../api/api-problem.js';
import type { Problem } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { formatInstant, formatRange } from '../../time/format.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { issueText } from './issue-text.js';

/** Kinds a booking request can be refused with, each told in booking terms (the rest: ProblemMessage). */
const KINDS = new Set([
  'conflict', 'rule-violated', 'invalid-request', 'not-found', 'forbidden', 'precondition-failed', 'too-many-requests',
  'idempotency-key-in-use', 'idempotency-key-reused', 'network', 'unavailable', 'internal-error',
]);

/** The short type name (`rule-violated`), as ApiProblem reads it. */
export const problemKind = (problem: Problem): string => new ApiProblem(problem).kind;

export interface BookingProblemProps {
  problem: Problem;
  /** `error`: the request was refused (an alert); `warning`: the preview says it would be. */
  tone: 'error' | 'warning';
  /** Zone to show conflicting times in: the one the person types times in. */
  timeZone: string;
  /** The space booked: clashes on anything else are on a resource. */
  spaceId: string;
  /** Names of the space and the resources. */
  targetName(id: string): string | undefined;
  /** The label of the input an API field belongs to, for issues listed here. */
  labelOf(field: string): string | undefined;
  /** Field issues shown beside their inputs instead of here. */
  placed?(field: string): boolean;
  /** After a 412: load the booking afresh. */
  onReload?(): void;
}

/** One refusal of a booking request (or a preview's), with its clashes and broken rules in the viewer's words. */
export function BookingProblem({ problem, tone, timeZone, spaceId, targetName, labelOf, placed = () => false, onReload }: BookingProblemProps) {
  const { t, locale } = useI18n();
  const kind = problemKind(problem);
  if (!KINDS.has(kind)) return <ProblemMessage problem={new ApiProblem(problem)} />;
  const instant = (iso: string) => formatInstant(iso, locale, timeZone, 'dateTime');
  const issues = problem.errors ?? [];
  const listed = issues.filter((e) => !placed(e.field));
  return (
    <div className={tone === 'error' ? 'problem' : 'warning'} role={tone === 'error' ? 'alert' : undefined} data-kind={kind}>
      <strong>{t(`bookings.problem.${kind}` as MessageKey)}</strong>
      {(kind === 'forbidden' || kind === 'not-found') && problem.detail && <p className="muted">{problem.detail}</p>}
      {problem.conflicts && problem.conflicts.length > 0 && (
        <ul className="bookings-conflicts">
          {problem.conflicts.map((c) => {
            const range = formatRange(c.start, c.end, locale, timeZone);
            const name = targetName(c.targetId) ?? t('bookings.conflict.unknownTarget');
            const onSpace = c.targetId === spaceId;
            const key: MessageKey = c.holder.kind === 'blackout' ? (onSpace ? 'bookings.conflict.closed' : 'bookings.conflict.resourceOut') : onSpace ? 'bookings.conflict.booked' : 'bookings.conflict.resource';
            return (
              <li key={`${c.targetId}:${c.start}:${c.holder.id ?? ''}`}>
                {t(key, { name, range })}
                {c.holder.kind === 'booking' && c.holder.id && (
                  <>
                    {' '}
                    <Link to={`/bookings/${c.holder.id}`}>{t('bookings.conflict.open')}</Link>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {listed.length > 0 && (
        <ul>
          {listed.map((e) => {
            const label = labelOf(e.field);
            const text = issueText(t, e.message, locale, instant);
            return <li key={`${e.field}:${e.message}`}>{label ? `${label}: ${text}` : text}</li>;
          })}
        </ul>
      )}
      {listed.length < issues.length && <p>{t('bookings.problem.seeFields')}</p>}
      {kind === 'precondition-failed' && onReload && (
        <p>
          <button type="button" className="secondary" onClick={onReload}>
            {t('bookings.problem.reload')}
          </button>
        </p>
      )}
    </div>
  );
}
