import { TooManyAttemptsError, ValidationError } from '../../shared/domain/errors.js';
import type { IdentityDeps } from './identity-deps.js';
import type { AccountRecord } from './identity-ports.js';

/**
 * Re-checks the password of a signed-in person before a sensitive change. Wrong guesses count
 * against the same per-account limit as logins, so a stolen session cannot guess the password.
 */
export async function requireCurrentPassword(deps: Pick<IdentityDeps, 'hasher' | 'limiter'>, account: AccountRecord, password: string, field: string, now: Date): Promise<void> {
  const locked = await deps.limiter.retryAfter('login-account', account.userId, now);
  if (locked > 0) throw new TooManyAttemptsError(locked, 'this account is temporarily locked after repeated wrong passwords');
  if (await deps.hasher.verify(account.passwordHash, password)) return;
  const wait = await deps.limiter.consume('login-account', account.userId, now);
  if (wait > 0) throw new TooManyAttemptsError(wait, 'this account is temporarily locked after repeated wrong passwords');
  throw new ValidationError([{ field, message: 'the current password is wrong' }]);
}
