import { TooManyAttemptsError, ValidationError } from '../../shared/domain/errors.js';
import type { IdentityDeps } from './identity-deps.js';
import type { AccountRecord } from './identity-ports.js';

/**
 * Re-checks the password of a signed-in person before a sensitive change. Each check counts
 * against the same per-account limit as logins, before it runs, so a stolen session cannot
 * guess the password, not even with many requests at once.
 */
export async function requireCurrentPassword(deps: Pick<IdentityDeps, 'hasher' | 'limiter'>, account: AccountRecord, password: string, field: string, now: Date): Promise<void> {
  const locked = await deps.limiter.consume('login-account', account.userId, now);
  if (locked > 0) throw new TooManyAttemptsError(locked, 'this account is temporarily locked after repeated wrong passwords');
  if (!(await deps.hasher.verify(account.passwordHash, password))) throw new ValidationError([{ field, message: 'the current password is wrong' }]);
  await deps.limiter.reset('login-account', account.userId);
}
