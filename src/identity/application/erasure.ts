import { ForbiddenError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { hasPermission } from '../../shared/application/authorize.js';
import { PERMISSIONS } from '../domain/permissions.js';
import type { IdentityDeps } from './identity-deps.js';
import { recordLoginEvent, runUserCommand } from './user-aggregate.js';

/**
 * The right to erasure by crypto-shredding: the person's key is deleted, so every sealed copy
 * of their personal data in the log reads as erased; their login secrets go too. Booking facts
 * stay, tied to an id that no longer names anyone.
 */
export class Erasure {
  constructor(private readonly deps: Pick<IdentityDeps, 'store' | 'vault' | 'credentials' | 'sessions'>) {}

  async erase(userId: string, ctx: CommandContext): Promise<void> {
    if (userId !== ctx.actor.id && !hasPermission(ctx, PERMISSIONS.usersManage)) throw new ForbiddenError(PERMISSIONS.usersManage, 'only the person or an admin can erase an account');
    // The event first: if anything below fails, a retry finds the account erased and finishes the rest.
    const { events } = await runUserCommand(this.deps.store, { type: 'EraseUser', data: { userId } }, ctx);
    await this.deps.sessions.revokeAllOf(userId, ctx.now, 'erased');
    await this.deps.credentials.delete(userId);
    await this.deps.vault.erase(userId);
    // Recorded once, by the call that erased; a retry only finishes the clean-up.
    if (events.length > 0) await recordLoginEvent(this.deps.store, { type: 'UserSessionRevoked', data: { userId, sessionId: null, reason: 'erased' } }, ctx);
  }
}
