import type { FieldIssue } from '../../shared/domain/errors.js';

/** Every problem type the API answers with: its status and human title. */
export const PROBLEM_TYPES = {
  'invalid-request': { status: 400, title: 'The request is invalid' },
  'malformed-json': { status: 400, title: 'The body is not valid JSON' },
  unauthenticated: { status: 401, title: 'Authentication required' },
  'two-factor-required': { status: 401, title: 'A two-factor code is required' },
  forbidden: { status: 403, title: 'Permission denied' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'idempotency-key-in-use': { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  'precondition-failed': { status: 412, title: 'The resource has changed (If-Match is stale)' },
  'payload-too-large': { status: 413, title: 'The body is too large' },
  'unsupported-media-type': { status: 415, title: 'The body must be application/json' },
  'rule-violated': { status: 422, title: 'A business rule rejects the request' },
  'idempotency-key-reused': { status: 422, title: 'The Idempotency-Key was used for a different request' },
  'too-many-requests': { status: 429, title: 'Too many attempts' },
  'internal-error': { status: 500, title: 'Internal server error' },
  unavailable: { status: 503, title: 'Service unavailable' },
  'google-calendar-not-configured': { status: 503, title: 'Google Calendar sync is not configured on this server' },
} as const;

export type ProblemType = keyof typeof PROBLEM_TYPES;
export type ProblemStatus = (typeof PROBLEM_TYPES)[ProblemType]['status'];

export function problemTypeUri(type: ProblemType): string {
  return `urn:reserva:problem:${type}`;
}

/** An error raised by the HTTP layer itself (bad input, media type, idempotency); domain errors stay ReservaErrors. */
export class HttpProblem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail: string,
    readonly extras: { errors?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
  }

  get status(): ProblemStatus {
    return PROBLEM_TYPES[this.type].status;
  }
}
