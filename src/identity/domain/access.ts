import { ALL_PERMISSIONS, BUILT_IN_ROLES, isBuiltInRole, type Permission } from './permissions.js';

/** A role held by a person: everywhere (`siteIds` null) or only on the listed sites. */
export interface RoleGrant {
  role: string;
  siteIds: string[] | null;
}

export interface ResolvedAccess {
  /** Held everywhere. */
  permissions: Set<Permission>;
  /** Held only on particular sites, by site id; never repeats what is held everywhere. */
  sitePermissions: Map<string, Set<Permission>>;
}

/**
 * What a person may do, from their grants and the custom roles defined right now. A grant of
 * a role that no longer exists (a deleted custom role) gives nothing.
 */
export function resolveAccess(grants: readonly RoleGrant[], customRoles: ReadonlyMap<string, readonly Permission[]>): ResolvedAccess {
  // Own keys only: a custom role named `constructor` must not find Object.prototype's.
  const permissionsOf = (role: string) => (isBuiltInRole(role) ? BUILT_IN_ROLES[role] : customRoles.get(role)) ?? [];
  const permissions = new Set<Permission>();
  for (const grant of grants) if (grant.siteIds === null) for (const p of permissionsOf(grant.role)) permissions.add(p);
  const sitePermissions = new Map<string, Set<Permission>>();
  for (const grant of grants) {
    if (grant.siteIds === null) continue;
    for (const siteId of grant.siteIds) {
      const held = sitePermissions.get(siteId) ?? new Set<Permission>();
      for (const p of permissionsOf(grant.role)) if (!permissions.has(p)) held.add(p);
      if (held.size > 0) sitePermissions.set(siteId, held);
    }
  }
  return { permissions, sitePermissions };
}

/** One permission and where it holds: `siteIds` null means everywhere. */
export interface EffectivePermission {
  permission: string;
  siteIds: string[] | null;
}

/**
 * What a person may do, one entry per permission, in catalogue order: for a client to decide
 * which menus to show (the server still checks every request). Held everywhere wins over any
 * site grant of the same permission.
 */
export function effectivePermissions(access: { permissions: ReadonlySet<string>; sitePermissions?: ReadonlyMap<string, ReadonlySet<string>> }): EffectivePermission[] {
  const sites = new Map<string, string[]>();
  for (const [siteId, held] of access.sitePermissions ?? []) {
    for (const permission of held) if (!access.permissions.has(permission)) sites.set(permission, [...(sites.get(permission) ?? []), siteId]);
  }
  const rank = (permission: string) => {
    const i = (ALL_PERMISSIONS as readonly string[]).indexOf(permission);
    return i < 0 ? ALL_PERMISSIONS.length : i;
  };
  return [
    ...[...access.permissions].map((permission) => ({ permission, siteIds: null })),
    ...[...sites].map(([permission, siteIds]) => ({ permission, siteIds: siteIds.sort() })),
  ].sort((a, b) => rank(a.permission) - rank(b.permission) || a.permission.localeCompare(b.permission));
}
