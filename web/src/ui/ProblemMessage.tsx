import { ApiProblem } from '../api/api-problem.js';
import { useT, type MessageKey } from '../i18n/i18n.js';
import { useTime } from '../time/use-time.js';

const KNOWN = new Set([
  'network', 'invalid-request', 'malformed-json', 'unauthenticated', 'two-factor-required', 'forbidden', 'not-found', 'conflict',
  'precondition-failed', 'rule-violated', 'too-many-requests', 'unavailable', 'google-calendar-not-configured', 'internal-error',
]);

/** One failed request, told to people: a translated headline, the server's detail, the fields and clashes. */
export function ProblemMessage({ problem, id }: { problem: ApiProblem | undefined; id?: string }) {
  const t = useT();
  const time = useTime();
  if (!problem) return null;
  const { kind } = problem;
  const headline = KNOWN.has(kind) ? t(`problem.${kind}` as MessageKey) : t('problem.other', { status: problem.status });
  const { detail, errors, conflicts } = problem.problem;
  return (
    <div className="problem" role="alert" id={id}>
      <strong>{headline}</strong>
      {detail && kind !== 'network' && <p>{detail}</p>}
      {errors && errors.length > 0 && (
        <ul>
          {errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {conflicts && conflicts.length > 0 && (
        <ul>
          {conflicts.map((c) => (
            <li key={`${c.targetId}:${c.start}`}>{t('problem.conflictsWith', { range: time.range(c.start, c.end) })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The message a field error gives for `field`, to show beside that input. */
export function fieldError(problem: ApiProblem | undefined, field: string): string | undefined {
  return problem?.problem.errors?.find((e) => e.field === field || e.field.startsWith(`${field}.`))?.message;
}
