import { ForbiddenError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { hasPermission } from '../../shared/application/authorize.js';
import { PERMISSIONS } from '../domain/permissions.js';
import type { AccessResolver } from './access-resolver.js';
import type { IdentityDeps } from './identity-deps.js';
import { identifierKey } from './attempt-keys.js';
import { requireHoldsAccess } from './role-management.js';
import { recordLoginEvent, runUserCommand } from './user-aggregate.js';

/**
 * The right to erasure by crypto-shredding: the person's key is deleted, so every sealed copy
 * of their personal data in the log reads as erased; their login secrets go too. Booking facts
 * stay, tied to an id that no longer names anyone.
 *
 * Who may erase whom, so that erasure is no way around the rules of revocation and nobody can
 * leave the organisation without anyone managing users:
 * - someone else: with users.manage everywhere and every permission the person holds, where
 *   they hold it (users.manage alone does not erase an admin);
 * - yourself: unless you hold users.manage everywhere. Then another holder of it (holding all
 *   you hold) erases you, so a holder of users.manage always remains.
 */
export class Erasure {
  constructor(
    private readonly deps: Pick<IdentityDeps, 'store' | 'vault' | 'credentials' | 'sessions' | 'limiter'>,
    private readonly access: AccessResolver,
  ) {}

  async erase(userId: string, ctx: CommandContext): Promise<void> {
    const held = await this.access.resolve(userId);
    if (userId !== ctx.actor.id) {
      if (!hasPermission(ctx, PERMISSIONS.usersManage)) throw new ForbiddenError(PERMISSIONS.usersManage, 'only the person or an admin can erase an account');
      if (held) requireHoldsAccess(ctx, 'erasing this account', held);
    } else if (held?.permissions.has(PERMISSIONS.usersManage)) {
      throw new ForbiddenError(PERMISSIONS.usersManage, `you hold ${PERMISSIONS.usersManage}: ask another admin to erase your account, so someone can still manage users`);
    }
    // The event first: if anything below fails, a retry finds the account erased and finishes the rest.
    const { events } = await runUserCommand(this.deps.store, { type: 'EraseUser', data: { userId } }, ctx);
    await this.deps.sessions.revokeAllOf(userId, ctx.now, 'erased');
    await this.forgetAttempts(userId);
    await this.deps.credentials.delete(userId);
    await this.deps.vault.erase(userId);
    // Recorded once, by the call that erased; a retry only finishes the clean-up.
    if (events.length > 0) await recordLoginEvent(this.deps.store, { type: 'UserSessionRevoked', data: { userId, sessionId: null, reason: 'erased' } }, ctx);
  }

  /** Attempt counters keyed by the person (or a digest of their email and username) go too. */
  private async forgetAttempts(userId: string): Promise<void> {
    const account = await this.deps.credentials.findById(userId);
    const identifiers = account ? [account.email, account.username].map(identifierKey) : [];
    await Promise.all([
      ...(['login-account', 'two-factor', 'verification-email'] as const).map((action) => this.deps.limiter.reset(action, userId)),
      ...identifiers.flatMap((key) => [this.deps.limiter.reset('login-account', `login:${key}`), this.deps.limiter.reset('password-reset', key)]),
    ]);
  }
}
