import type pg from 'pg';
import type { AttemptLimiter, AttemptPolicy, LimitedAction } from '../../application/identity-ports.js';

// The attempt past `max` in a window is refused and locks the key. Callers count every attempt
// before checking it (a success clears the key), so with `max: 5` five wrong passwords pass
// through to the check and the sixth, right or wrong, is refused unchecked.
export const DEFAULT_ATTEMPT_POLICIES: Record<LimitedAction, AttemptPolicy> = {
  'login-ip': { max: 30, windowSeconds: 60, lockoutSeconds: 60 },
  'login-account': { max: 5, windowSeconds: 15 * 60, lockoutSeconds: 15 * 60 },
  'password-reset': { max: 5, windowSeconds: 3600, lockoutSeconds: 3600 },
  'password-reset-ip': { max: 50, windowSeconds: 3600, lockoutSeconds: 3600 },
  'two-factor': { max: 5, windowSeconds: 5 * 60, lockoutSeconds: 5 * 60 },
  // Sign-ups hash a password each: bounded per address so they cannot be used to burn CPU.
  'register-ip': { max: 20, windowSeconds: 3600, lockoutSeconds: 3600 },
  // Each resend emails the person: bounded so an account cannot be used to flood an inbox.
  'verification-email': { max: 5, windowSeconds: 3600, lockoutSeconds: 3600 },
};

// Parameters of the upsert: $1 action, $2 key, $3 now, $4 window s, $5 max, $6 lockout s.
// A counter starts afresh when its window has passed, or when its lockout has ended; a live
// lockout is never shortened or extended by further attempts.
const STARTS_AFRESH = `(a.locked_until <= $3::timestamptz
  OR (a.locked_until IS NULL AND a.window_start + make_interval(secs => $4::float8) <= $3::timestamptz))`;
const LOCK_FROM_NOW = `$3::timestamptz + make_interval(secs => $6::float8)`;

const CONSUME_SQL = `
INSERT INTO identity.attempts AS a (action, key, window_start, count, locked_until)
VALUES ($1, $2, $3::timestamptz, 1, CASE WHEN 1 > $5::int THEN ${LOCK_FROM_NOW} END)
ON CONFLICT (action, key) DO UPDATE SET
  window_start = CASE WHEN ${STARTS_AFRESH} THEN EXCLUDED.window_start ELSE a.window_start END,
  count = CASE WHEN ${STARTS_AFRESH} THEN 1 ELSE a.count + 1 END,
  locked_until = CASE
    WHEN ${STARTS_AFRESH} THEN EXCLUDED.locked_until
    WHEN a.locked_until > $3::timestamptz THEN a.locked_until
    WHEN a.count + 1 > $5::int THEN ${LOCK_FROM_NOW}
  END
RETURNING locked_until`;

/**
 * Fixed-window attempt counters in `identity.attempts`, shared by every API process: each
 * attempt is one atomic upsert, so concurrent attempts are all counted. Keys (user ids, IP
 * addresses) are stored as given and never logged.
 */
export class PostgresAttemptLimiter implements AttemptLimiter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly policies: Record<LimitedAction, AttemptPolicy> = DEFAULT_ATTEMPT_POLICIES,
  ) {}

  async consume(action: LimitedAction, key: string, now: Date): Promise<number> {
    const policy = this.policies[action];
    const result = await this.pool.query<{ locked_until: Date | null }>(CONSUME_SQL, [
      action,
      key,
      now,
      policy.windowSeconds,
      policy.max,
      policy.lockoutSeconds,
    ]);
    return secondsUntil(result.rows[0]!.locked_until, now);
  }

  async reset(action: LimitedAction, key: string): Promise<void> {
    await this.pool.query(`DELETE FROM identity.attempts WHERE action = $1 AND key = $2`, [action, key]);
  }
}

function secondsUntil(lockedUntil: Date | null, now: Date): number {
  return lockedUntil === null ? 0 : Math.max(0, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
}
