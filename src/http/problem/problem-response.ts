import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ReservaError,
  TooManyAttemptsError,
  UnauthenticatedError,
  ValidationError,
  type ConflictingInterval,
} from '../../shared/domain/errors.js';
import { assertNever } from '../../shared/domain/decider.js';
import type { Problem } from '../contracts/problem.contracts.js';
import type { HttpResponse } from '../http-response.js';
import { HttpProblem, PROBLEM_TYPES, problemTypeUri, type ProblemType } from './http-problem.js';

export interface ProblemOptions {
  /** Request path, reported as the problem's `instance`. */
  instance: string;
  /** Whether the caller may see which booking holds a conflicting interval. */
  revealBookingHolders: boolean;
}

/** Maps any thrown value to an RFC 9457 response; unknown errors become a generic 500. */
export function problemResponse(err: unknown, options: ProblemOptions): HttpResponse {
  if (err instanceof HttpProblem) return build(err.type, err.detail, options, { errors: err.extras.errors }, err.extras.headers);
  if (err instanceof ReservaError) return fromDomain(err, options);
  const parserType = bodyParserProblem(err);
  if (parserType) return build(parserType, bodyParserDetail(parserType), options);
  return build('internal-error', 'An unexpected error occurred; quote the X-Correlation-Id response header when reporting it.', options);
}

/** Whether `err` is a domain outcome (4xx) that an idempotent replay should reproduce. */
export function isDomainError(err: unknown): err is ReservaError {
  return err instanceof ReservaError;
}

type DomainError = ValidationError | ConflictError | NotFoundError | ForbiddenError | UnauthenticatedError | PreconditionFailedError | TooManyAttemptsError;

function fromDomain(reservaError: ReservaError, options: ProblemOptions): HttpResponse {
  // Each kind belongs to exactly one error class, so the kind narrows the class.
  const err = reservaError as DomainError;
  switch (err.kind) {
    case 'validation':
      return build('rule-violated', err.message, options, { errors: err.issues.map(({ field, message }) => ({ field, message })) });
    case 'conflict':
      return build('conflict', err.message, options, { conflicts: err.conflicts.map((c) => redactHolder(c, options.revealBookingHolders)) });
    case 'not_found':
      return build('not-found', err.message, options);
    case 'forbidden':
      return build('forbidden', err.message, options);
    case 'unauthenticated':
      return build(err.reason ?? 'unauthenticated', err.message, options, {}, { 'WWW-Authenticate': 'Bearer realm="reserva"' });
    case 'rate_limited':
      return build('too-many-requests', err.message, options, {}, { 'Retry-After': String(err.retryAfterSeconds) });
    case 'precondition_failed':
      return build('precondition-failed', err.message, options);
    default:
      return assertNever(err);
  }
}

function redactHolder(c: ConflictingInterval, reveal: boolean): NonNullable<Problem['conflicts']>[number] {
  const showId = reveal || c.holder.kind === 'blackout';
  return { start: c.start, end: c.end, targetId: c.targetId, holder: showId ? { kind: c.holder.kind, id: c.holder.id } : { kind: c.holder.kind } };
}

function build(
  type: ProblemType,
  detail: string,
  options: ProblemOptions,
  extensions: Pick<Problem, 'errors' | 'conflicts'> = {},
  headers: Record<string, string> = {},
): HttpResponse {
  const { status, title } = PROBLEM_TYPES[type];
  const body: Problem = { type: problemTypeUri(type), title, status, detail, instance: options.instance };
  if (extensions.errors) body.errors = extensions.errors;
  if (extensions.conflicts) body.conflicts = extensions.conflicts;
  return { status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body };
}

/** body-parser marks its client errors with `type` and `expose`. */
function bodyParserProblem(err: unknown): ProblemType | undefined {
  if (typeof err !== 'object' || err === null || !('type' in err) || !('expose' in err) || err.expose !== true) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return 'malformed-json';
    case 'entity.too.large':
      return 'payload-too-large';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'unsupported-media-type';
    default:
      return 'invalid-request';
  }
}

function bodyParserDetail(type: ProblemType): string {
  switch (type) {
    case 'malformed-json':
      return 'The request body could not be parsed as JSON.';
    case 'payload-too-large':
      return 'The request body exceeds the size limit.';
    case 'unsupported-media-type':
      return 'The body encoding or charset is not supported; send UTF-8 JSON.';
    default:
      return 'The request body could not be read.';
  }
}
