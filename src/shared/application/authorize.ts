import { ForbiddenError } from '../domain/errors.js';
import type { CommandContext } from '../event-store/envelope.js';

type Holder = Pick<CommandContext, 'permissions' | 'sitePermissions'>;

/** Held everywhere, or (when the subject belongs to `siteId`) on that site. */
export function hasPermission(ctx: Holder, permission: string, siteId?: string): boolean {
  if (ctx.permissions.has(permission)) return true;
  return siteId !== undefined && (ctx.sitePermissions?.get(siteId)?.has(permission) ?? false);
}

export function requirePermission(ctx: Holder, permission: string, siteId?: string): void {
  if (!hasPermission(ctx, permission, siteId)) throw new ForbiddenError(permission, siteId === undefined ? undefined : `missing permission ${permission} on site ${siteId}`);
}

/** Sites on which `permission` is held; null when it is held everywhere. */
export function sitesWith(ctx: Holder, permission: string): string[] | null {
  if (ctx.permissions.has(permission)) return null;
  return [...(ctx.sitePermissions ?? new Map<string, ReadonlySet<string>>())].filter(([, held]) => held.has(permission)).map(([siteId]) => siteId);
}

/** Held anywhere at all: enough to reach an endpoint, whose handler then checks the site. */
export function holdsAnywhere(ctx: Holder, permission: string): boolean {
  return ctx.permissions.has(permission) || [...(ctx.sitePermissions?.values() ?? [])].some((held) => held.has(permission));
}
