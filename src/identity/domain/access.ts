import { BUILT_IN_ROLES, isBuiltInRole, type Permission } from './permissions.js';

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
