import type { RequestHandler } from 'express';
import type { Permission } from '../../identity/domain/permissions.js';
import { holdsAnywhere } from '../../shared/application/authorize.js';
import { ForbiddenError, UnauthenticatedError } from '../../shared/domain/errors.js';
import type { PermissionScope } from '../api-route.js';
import { requestState } from '../request-state.js';

/**
 * Admits an authenticated caller holding any one of `anyOf`: everywhere (`global`), or on some
 * site at least (`site`: the handler then checks the site of what it touches). Mount after
 * `authenticate`.
 */
export function requirePermission(anyOf: readonly [Permission, ...Permission[]], scope: PermissionScope = 'global'): RequestHandler {
  const needed = anyOf.length === 1 ? anyOf[0] : `one of ${anyOf.join(', ')}`;
  return (_req, res, next) => {
    const principal = requestState(res).principal;
    if (!principal) throw new UnauthenticatedError('authentication required');
    if (anyOf.some((p) => principal.permissions.has(p))) return next();
    if (anyOf.some((p) => holdsAnywhere(principal, p))) {
      if (scope === 'site') return next();
      throw new ForbiddenError(anyOf[0], `missing permission: ${needed} everywhere (you hold it on some sites only)`);
    }
    throw new ForbiddenError(anyOf[0], `missing permission: ${needed}`);
  };
}
