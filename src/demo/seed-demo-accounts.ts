import type { IdentityServices } from '../identity/application/identity-services.js';
import type { AccountType } from '../identity/domain/identity.events.js';
import { ALL_PERMISSIONS, SITE_SCOPED_ROLES } from '../identity/domain/permissions.js';
import type { CommandContext } from '../shared/event-store/envelope.js';
import type { DemoOrganisation, DemoUser } from './demo-organisation.js';

/** Every demo person signs in with this password (README, quick start). */
export const DEMO_PASSWORD = 'reserva-demo-2026';

const TIME_ZONE_OF_SITE = (org: DemoOrganisation, siteId: string | undefined) => org.sites.find((s) => s.siteId === siteId)?.timeZone ?? 'UTC';

function accountTypeOf(user: DemoUser): AccountType {
  if (user.roles.includes('client')) return 'client';
  if (user.roles.includes('guest')) return 'guest';
  if (user.roles.includes('hotelier')) return 'hotelier';
  return 'employee';
}

function localeOf(user: DemoUser): string {
  if (/\.(br|pt)$/.test(user.email) || /^(ana|joao|sofia|beatriz|miguel|ines|mariana)\./.test(user.email)) return 'pt';
  return 'en';
}

/**
 * Accounts for the demo organisation, through the real identity use cases: verified email,
 * the demo password, and the person's roles (a hotelier on their own hotel only).
 */
export async function seedDemoAccounts(identity: IdentityServices, org: DemoOrganisation, context: (userId: string) => CommandContext): Promise<void> {
  for (const user of org.users) {
    let first = true;
    const base = context(user.userId);
    // Registration takes the account id from the first id it asks for.
    const ctx: CommandContext = { ...base, permissions: new Set(ALL_PERMISSIONS), newId: () => (first ? ((first = false), user.userId) : base.newId()) };
    const username = user.email.split('@')[0]!;
    const account = await identity.registration.register(
      { email: user.email, username, displayName: user.name, password: DEMO_PASSWORD, accountType: accountTypeOf(user), locale: localeOf(user), timeZone: TIME_ZONE_OF_SITE(org, user.homeSiteId) },
      ctx,
      { emailVerified: true },
    );
    for (const role of user.roles) {
      const siteIds = SITE_SCOPED_ROLES.has(role) ? [user.homeSiteId ?? org.sites[0]!.siteId] : null;
      await identity.roles.grantRole(user.userId, role, siteIds, ctx);
    }
    for (const role of account.roles) if (!user.roles.includes(role)) await identity.roles.revokeRole(user.userId, role, ctx);
  }
}
