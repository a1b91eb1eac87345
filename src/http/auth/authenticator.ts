import type { Request, RequestHandler } from 'express';
import { UnauthenticatedError } from '../../shared/domain/errors.js';
import { requestState } from '../request-state.js';

/** Who is calling, as resolved from a verified access token. */
export interface Principal {
  userId: string;
  /** Held everywhere. */
  permissions: ReadonlySet<string>;
  /** Held only on some sites, by site id (site-scoped role grants). */
  sitePermissions?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The session (refresh-token family) the access token belongs to. */
  sessionId?: string;
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
