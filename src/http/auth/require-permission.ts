import type { RequestHandler } from 'express';
import type { Permission } from '../../identity/domain/permissions.js';
import { holdsAnywhere } from '../../shared/application/authorize.js';
import { ForbiddenError, UnauthenticatedError } from '../../shared/domain/errors.js';
import { requestState } from '../request-state.js';

/** Admits an authenticated caller holding any one of `anyOf` (on some site at least; handlers check which); mount after `authenticate`. */
export function requirePermission(...anyOf: [Permission, ...Permission[]]): RequestHandler {
  return (_req, res, next) => {
    const principal = requestState(res).principal;
    if (!principal) throw new UnauthenticatedError('authentication required');
    if (!anyOf.some((p) => holdsAnywhere(principal, p))) {
      throw new ForbiddenError(anyOf[0], `missing permission: ${anyOf.length === 1 ? anyOf[0] : `one of ${anyOf.join(', ')}`}`);
    }
    next();
  };
}
