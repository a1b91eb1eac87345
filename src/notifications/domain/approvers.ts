import { resolveAccess, type RoleGrant } from '../../identity/domain/access.js';
import { BUILT_IN_ROLES, type Permission } from '../../identity/domain/permissions.js';

/** Names of the roles (built-in and custom) that carry `permission`: only grants of these can matter. */
export function rolesGranting(permission: Permission, customRoles: ReadonlyMap<string, readonly Permission[]>): string[] {
  const builtIn = Object.entries(BUILT_IN_ROLES).filter(([, permissions]) => permissions.includes(permission)).map(([role]) => role);
  const custom = [...customRoles].filter(([, permissions]) => permissions.includes(permission)).map(([role]) => role);
  return [...builtIn, ...custom];
}

/**
 * The people who hold `permission` on `siteId` — everywhere, or through a grant limited to
 * that site — by the same resolution the API checks access with.
 */
export function holdersOn(
  siteId: string,
  permission: Permission,
  grantsByPerson: ReadonlyMap<string, readonly RoleGrant[]>,
  customRoles: ReadonlyMap<string, readonly Permission[]>,
): string[] {
  const holders: string[] = [];
  for (const [userId, grants] of grantsByPerson) {
    const access = resolveAccess(grants, customRoles);
    if (access.permissions.has(permission) || access.sitePermissions.get(siteId)?.has(permission)) holders.push(userId);
  }
  return holders.sort();
}
