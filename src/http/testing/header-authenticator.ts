import type { Request } from 'express';
import { BUILT_IN_ROLES, permissionsOfRoles } from '../../identity/domain/permissions.js';
import { UnauthenticatedError } from '../../shared/domain/errors.js';
import type { Authenticator, Principal } from '../auth/authenticator.js';

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}$/;

/**
 * Tests of the HTTP layer alone (never wired into the product): the caller names itself with `X-Dev-User`
 * and its built-in roles with `X-Dev-Roles: booker,staff`. No `X-Dev-User` → anonymous.
 */
export const headerAuthenticator: Authenticator = Object.assign(
  async (req: Request): Promise<Principal | null> => {
    const userId = req.get('X-Dev-User')?.trim();
    if (!userId) return null;
    if (!USER_ID.test(userId)) throw new UnauthenticatedError('X-Dev-User must be 1-200 letters, digits or ._@:- characters');
    const roles = (req.get('X-Dev-Roles') ?? '').split(',').map((r) => r.trim()).filter((r) => r.length > 0);
    const unknown = roles.filter((r) => !Object.hasOwn(BUILT_IN_ROLES, r));
    if (unknown.length > 0) throw new UnauthenticatedError(`X-Dev-Roles names unknown roles: ${unknown.join(', ')} (known: ${Object.keys(BUILT_IN_ROLES).join(', ')})`);
    return { userId, permissions: permissionsOfRoles(roles) };
  },
  {
    securitySchemes: {
      devUser: { type: 'apiKey', in: 'header', name: 'X-Dev-User', description: 'Development mode only: the acting user id.' },
      devRoles: { type: 'apiKey', in: 'header', name: 'X-Dev-Roles', description: 'Development mode only: comma-separated built-in roles, e.g. booker,staff.' },
    },
  },
);
