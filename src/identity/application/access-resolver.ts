import { fold } from '../../shared/application/execute-command.js';
import { readStreams, type EventStore } from '../../shared/event-store/event-store.js';
import { resolveAccess, type ResolvedAccess } from '../domain/access.js';
import { roleStream, userStream } from '../domain/identity.events.js';
import { isBuiltInRole } from '../domain/permissions.js';
import { roleDecider } from '../domain/role.decider.js';
import { userDecider } from '../domain/user.decider.js';

/**
 * What a person may do right now, read from the write side on every request so that a grant,
 * a revocation or a changed custom role takes effect on the very next request. Null when the
 * person does not exist or was erased.
 */
export class AccessResolver {
  constructor(private readonly store: EventStore) {}

  async resolve(userId: string): Promise<ResolvedAccess | null> {
    const { state } = fold(await this.store.readStream(userStream(userId)), userDecider);
    if (state.status !== 'active') return null;
    const custom = [...new Set(state.grants.map((g) => g.role).filter((r) => !isBuiltInRole(r)))];
    const streams = custom.length > 0 ? await readStreams(this.store, custom.map(roleStream)) : new Map();
    const customRoles = new Map(
      custom.flatMap((role) => {
        const roleState = fold(streams.get(roleStream(role)) ?? [], roleDecider).state;
        return roleState.status === 'defined' ? [[role, roleState.permissions] as const] : [];
      }),
    );
    return resolveAccess(state.grants, customRoles);
  }
}
