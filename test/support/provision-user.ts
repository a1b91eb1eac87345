import { randomUUID } from 'node:crypto';
import type { IdentityServices } from '../../src/identity/application/identity-services.js';
import { ALL_PERMISSIONS, SITE_SCOPED_ROLES } from '../../src/identity/domain/permissions.js';
import type { CommandContext } from '../../src/shared/event-store/envelope.js';

/** The password of every account `provisionUser` registers. */
export const PROVISIONED_PASSWORD = 'correct horse battery staple';

/** The username (a valid login) `provisionUser` gives `userId`. */
export function provisionedUsername(userId: string): string {
  return `u${userId.replace(/[^A-Za-z0-9]/g, '').slice(0, 30)}`;
}

/**
 * Registers `userId` on first use and sets their roles to exactly `roles` (everywhere;
 * site-scoped roles on `siteIds`), through the real identity use cases, then starts a session
 * for them and returns its access token (no password round trip: login has its own tests and
 * benchmark). Shared by the test server and the benchmarks' in-process API.
 */
export async function provisionUser(identity: IdentityServices, userId: string, roles: string[], siteIds?: string[]): Promise<string> {
  let first = true;
  const ctx: CommandContext = {
    actor: { id: 'test-harness', kind: 'system' },
    permissions: new Set(ALL_PERMISSIONS),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    now: new Date(),
    // Registration takes the account id from the first id it asks for.
    newId: () => (first ? ((first = false), userId) : randomUUID()),
  };
  const { deps } = identity;
  if (!(await deps.credentials.findById(userId))) {
    const name = provisionedUsername(userId);
    await identity.registration.register({ email: `${name}@test.reserva.local`, username: name, displayName: `Test ${name}`, password: PROVISIONED_PASSWORD, accountType: 'client', locale: 'en', timeZone: 'UTC' }, ctx);
  }
  const held = (await identity.profiles.get(userId)).roles.map((g) => g.role);
  for (const role of roles) await identity.roles.grantRole(userId, role, SITE_SCOPED_ROLES.has(role) || siteIds ? (siteIds ?? []) : null, ctx);
  for (const role of held) if (!roles.includes(role)) await identity.roles.revokeRole(userId, role, ctx);
  const session = await deps.sessions.start(userId, ctx.now, {});
  return (await deps.tokens.issue({ userId, sessionId: session.sessionId }, ctx.now)).token;
}
