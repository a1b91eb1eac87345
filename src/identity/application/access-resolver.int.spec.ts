import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { identityTestDatabase } from '../../../test/support/identity-test-database.js';
import { executeCommand } from '../../shared/application/execute-command.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import { ensureEventStoreSchema } from '../../shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../../shared/event-store/postgres/postgres-event-store.js';
import type { UserCommand } from '../domain/identity.commands.js';
import { roleStream, userStream } from '../domain/identity.events.js';
import { PERMISSIONS as P } from '../domain/permissions.js';
import { roleDecider } from '../domain/role.decider.js';
import { userDecider } from '../domain/user.decider.js';
import { AccessResolver } from './access-resolver.js';

const ctx = (): CommandContext => ({ actor: { id: 'admin', kind: 'user' }, permissions: new Set(), correlationId: 'c', causationId: 'c', now: new Date(), newId: randomUUID });
const sealed = { keyOwner: 'x', alg: 'A256GCM' as const, iv: 'aaaaaaaaaaaaaaaa', data: 'bbbb' };

describe('AccessResolver', () => {
  let db: Awaited<ReturnType<typeof identityTestDatabase>>;
  let store: EventStore;
  beforeAll(async () => {
    db = await identityTestDatabase('access_resolver');
    await ensureEventStoreSchema(db.pool);
    store = new PostgresEventStore(db.pool);
  });
  afterAll(async () => {
    await store.close();
    await db.close();
  });

  const user = (command: UserCommand) => executeCommand(store, userStream(command.data.userId), userDecider, () => command, ctx());

  it('sees every grant, revocation and role change on the next call, reading only what is new since the last', async () => {
    const userId = randomUUID();
    await user({ type: 'RegisterUser', data: { userId, accountType: 'client', personal: sealed, locale: 'en', timeZone: 'UTC', initialRole: 'viewer' } });
    const resolver = new AccessResolver(store);
    const reads = vi.spyOn(store, 'readStream');

    expect((await resolver.resolve(userId))!.permissions.has(P.bookingCreate)).toBe(false);
    await user({ type: 'GrantRole', data: { userId, role: 'booker', siteIds: null, roleExists: true } });
    expect((await resolver.resolve(userId))!.permissions.has(P.bookingCreate)).toBe(true);
    expect(reads).toHaveBeenLastCalledWith(userStream(userId), { fromRevision: 2 });

    await executeCommand(store, roleStream('desk'), roleDecider, () => ({ type: 'DefineRole' as const, data: { role: 'desk', description: '', permissions: [P.auditRead] } }), ctx());
    await user({ type: 'GrantRole', data: { userId, role: 'desk', siteIds: null, roleExists: true } });
    expect((await resolver.resolve(userId))!.permissions.has(P.auditRead)).toBe(true);
    await executeCommand(store, roleStream('desk'), roleDecider, () => ({ type: 'DeleteRole' as const, data: { role: 'desk' } }), ctx());
    expect((await resolver.resolve(userId))!.permissions.has(P.auditRead)).toBe(false);

    await user({ type: 'RevokeRole', data: { userId, role: 'booker' } });
    expect((await resolver.resolve(userId))!.permissions.has(P.bookingCreate)).toBe(false);
    await user({ type: 'EraseUser', data: { userId } });
    expect(await resolver.resolve(userId)).toBeNull();
  });
});
