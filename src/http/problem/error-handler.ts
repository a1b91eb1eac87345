import type { ErrorRequestHandler, Request, Response } from 'express';
import { PERMISSIONS } from '../../identity/domain/permissions.js';
import type { Logger } from '../../platform/tokens.js';
import type { Principal } from '../auth/authenticator.js';
import { sendResponse } from '../http-response.js';
import { requestState } from '../request-state.js';
import { problemResponse, type ProblemOptions } from './problem-response.js';

export function problemOptionsOf(req: Request, res: Response): ProblemOptions {
  return problemOptionsFor(req.originalUrl.split('?')[0]!, requestState(res).principal);
}

/** For a problem about `instance`, told to this caller. */
export function problemOptionsFor(instance: string, principal: Principal | null | undefined): ProblemOptions {
  return { instance, revealBookingHolders: principal?.permissions.has(PERMISSIONS.bookingReadAny) ?? false };
}

/** The last middleware: every error becomes problem+json; 5xx are logged (never bodies or stack traces to the client). */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const response = problemResponse(err, problemOptionsOf(req, res));
    if (response.status >= 500) {
      const { requestId, correlationId } = requestState(res);
      log.error('request failed', { method: req.method, path: req.path, requestId, correlationId, error: err });
    }
    sendResponse(res, response);
  };
}
