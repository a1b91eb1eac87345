import { fold, type Loaded } from '../../shared/application/execute-command.js';
import type { Decider, DomainEvent } from '../../shared/domain/decider.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import { resolveAccess, type ResolvedAccess } from '../domain/access.js';
import { roleStream, userStream } from '../domain/identity.events.js';
import { isBuiltInRole } from '../domain/permissions.js';
import { roleDecider } from '../domain/role.decider.js';
import { userDecider } from '../domain/user.decider.js';

/** Streams whose folded state this process keeps; the least recently used go first. */
const CACHED_STREAMS = 20_000;

/**
 * What a person may do right now, read from the write side on every request so that a grant,
 * a revocation or a changed custom role takes effect on the very next request. Null when the
 * person does not exist or was erased.
 *
 * Streams only grow, so the folded state of each stream is kept and only the events after its
 * revision are read: still one round trip per request, but it no longer grows with the
 * person's history.
 */
export class AccessResolver {
  private readonly folded = new Map<string, Loaded<unknown>>();

  constructor(private readonly store: EventStore) {}

  async resolve(userId: string): Promise<ResolvedAccess | null> {
    const { state } = await this.current(userStream(userId), userDecider);
    if (state.status !== 'active') return null;
    const custom = [...new Set(state.grants.map((g) => g.role).filter((r) => !isBuiltInRole(r)))];
    const roles = await Promise.all(custom.map(async (role) => [role, (await this.current(roleStream(role), roleDecider)).state] as const));
    const customRoles = new Map(roles.flatMap(([role, roleState]) => (roleState.status === 'defined' ? [[role, roleState.permissions] as const] : [])));
    return resolveAccess(state.grants, customRoles);
  }

  private async current<S, E extends DomainEvent>(streamId: string, decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>): Promise<Loaded<S>> {
    const known = this.folded.get(streamId) as Loaded<S> | undefined;
    const newer = await this.store.readStream(streamId, known ? { fromRevision: known.revision + 1 } : undefined);
    const loaded = fold(newer, decider, known);
    this.folded.delete(streamId);
    this.folded.set(streamId, loaded);
    if (this.folded.size > CACHED_STREAMS) this.folded.delete(this.folded.keys().next().value!);
    return loaded;
  }
}
