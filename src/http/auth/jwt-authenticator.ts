import type { Request } from 'express';
import type { AccessResolver } from '../../identity/application/access-resolver.js';
import type { AccessTokens, SessionStore } from '../../identity/application/identity-ports.js';
import { UnauthenticatedError } from '../../shared/domain/errors.js';
import type { Authenticator, Principal } from './authenticator.js';

/** The scheme name is case-insensitive (RFC 7235 §2.1): some clients send `bearer`. */
const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i;

/**
 * `Authorization: Bearer <access JWT>`: the signature, issuer, audience and expiry are checked,
 * then that the session is the subject's own and was not logged out, then what the person may
 * do right now.
 */
export function jwtAuthenticator(deps: { tokens: AccessTokens; sessions: SessionStore; access: AccessResolver; clock: () => Date }): Authenticator {
  return Object.assign(
    async (req: Request): Promise<Principal | null> => {
      const header = req.get('Authorization');
      if (header === undefined) return null;
      const match = BEARER.exec(header.trim());
      if (!match) throw new UnauthenticatedError('send the access token as Authorization: Bearer <token>');
      const now = deps.clock();
      const claims = await deps.tokens.verify(match[1]!, now);
      const [active, access] = await Promise.all([deps.sessions.isActive(claims.sid, claims.sub, now), deps.access.resolve(claims.sub)]);
      if (!active) throw new UnauthenticatedError('the session has ended; log in again');
      if (!access) throw new UnauthenticatedError('the account no longer exists');
      return { userId: claims.sub, sessionId: claims.sid, permissions: access.permissions, sitePermissions: access.sitePermissions };
    },
    { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/token.' } } },
  );
}
