import type { Request, RequestHandler, Response } from 'express';
import type { CommandContext } from '../shared/event-store/envelope.js';
import type { Principal } from './auth/authenticator.js';
import { requestState } from './request-state.js';

/** Correlation ids we accept from clients; anything else is replaced, not echoed. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const CORRELATION_HEADER = 'X-Correlation-Id';
export const REQUEST_ID_HEADER = 'X-Request-Id';
/** A GET with `Reserva-Consistency: strong` waits for the read models to include every earlier write. */
export const CONSISTENCY_HEADER = 'Reserva-Consistency';

/** Gives every request an id and a correlation id (the client's, or a new one) and echoes both. */
export function assignRequestIds(newId: () => string): RequestHandler {
  return (req, res, next) => {
    const offered = req.get(CORRELATION_HEADER);
    const state = requestState(res);
    state.requestId = newId();
    state.correlationId = offered !== undefined && CORRELATION_ID.test(offered) ? offered : newId();
    res.set(CORRELATION_HEADER, state.correlationId).set(REQUEST_ID_HEADER, state.requestId);
    next();
  };
}

/** The CommandContext of one request: the principal acts, the request is the cause. */
export function commandContextOf(req: Request, res: Response, principal: Principal, deps: { clock: () => Date; newId: () => string }): CommandContext {
  const { requestId, correlationId } = requestState(res);
  const userAgent = req.get('User-Agent');
  return {
    actor: { id: principal.userId, kind: 'user' },
    permissions: principal.permissions,
    ...(principal.sitePermissions ? { sitePermissions: principal.sitePermissions } : {}),
    correlationId,
    causationId: requestId,
    now: deps.clock(),
    request: { ...(req.ip !== undefined ? { ip: req.ip } : {}), ...(userAgent !== undefined ? { userAgent } : {}) },
    newId: deps.newId,
  };
}
