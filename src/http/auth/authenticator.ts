import type { Request, RequestHandler } from 'express';
import { UnauthenticatedError } from '../../shared/domain/errors.js';
import { requestState } from '../request-state.js';

/** Who is calling. A real identity provider (JWT) fills the same shape. */
export interface Principal {
  userId: string;
  permissions: ReadonlySet<string>;
}

/** An OpenAPI security scheme object, e.g. `{ type: 'http', scheme: 'bearer' }`. */
export type SecurityScheme = Record<string, unknown>;

/**
 * Resolves the caller of a request: a principal, or null when the request carries no
 * credentials. Invalid credentials throw UnauthenticatedError.
 */
export interface Authenticator {
  (req: Request): Promise<Principal | null>;
  /** How the credentials appear in the OpenAPI document; all listed schemes are required together. */
  securitySchemes?: Record<string, SecurityScheme>;
}

export function authenticate(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    const principal = await authenticator(req);
    if (!principal) throw new UnauthenticatedError('authentication required');
    requestState(res).principal = principal;
    next();
  };
}
