/**
 * Domain and application errors. Each kind maps to one HTTP status in the problem+json
 * middleware, so handlers throw these and never build responses themselves.
 */
export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `end` or `resources.0.quantity`. */
  field: string;
  message: string;
}

export interface ConflictingInterval {
  start: string;
  end: string;
  /** What holds the interval: a booking or a blackout. */
  holder: { kind: 'booking' | 'blackout'; id: string };
  /** The space or resource whose schedule conflicts. */
  targetId: string;
}

export abstract class ReservaError extends Error {
  abstract readonly kind: 'validation' | 'conflict' | 'not_found' | 'forbidden' | 'precondition_failed' | 'unauthenticated' | 'rate_limited';
}

/** The input breaks a business rule (policy, capacity, stock, deadline): HTTP 422. */
export class ValidationError extends ReservaError {
  readonly kind = 'validation' as const;
  constructor(readonly issues: FieldIssue[], message?: string) {
    super(message ?? issues.map((i) => `${i.field}: ${i.message}`).join('; '));
  }
}

/** The request collides with current state (taken slot, wrong lifecycle state): HTTP 409. */
export class ConflictError extends ReservaError {
  readonly kind = 'conflict' as const;
  constructor(message: string, readonly conflicts: ConflictingInterval[] = []) {
    super(message);
  }
}

export class NotFoundError extends ReservaError {
  readonly kind = 'not_found' as const;
  constructor(readonly entity: string, readonly id: string) {
    super(`${entity} ${id} was not found`);
  }
}

export class ForbiddenError extends ReservaError {
  readonly kind = 'forbidden' as const;
  constructor(readonly permission: string, message?: string) {
    super(message ?? `missing permission ${permission}`);
  }
}

export class UnauthenticatedError extends ReservaError {
  readonly kind = 'unauthenticated' as const;
  /** `two-factor-required`: the password was right; send it again with a TOTP or recovery code. */
  constructor(message: string, readonly reason?: 'two-factor-required') {
    super(message);
  }
}

/** Too many attempts (login, reset, second factor): HTTP 429 with Retry-After. */
export class TooManyAttemptsError extends ReservaError {
  readonly kind = 'rate_limited' as const;
  constructor(readonly retryAfterSeconds: number, message = 'too many attempts') {
    super(`${message}; try again in ${retryAfterSeconds} seconds`);
  }
}

/** `If-Match` named a revision that is no longer current: HTTP 412. */
export class PreconditionFailedError extends ReservaError {
  readonly kind = 'precondition_failed' as const;
  constructor(readonly expected: number, readonly actual: number) {
    super(`expected revision ${expected} but the current revision is ${actual}`);
  }
}
