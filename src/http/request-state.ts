import type { Response } from 'express';
import type { Principal } from './auth/authenticator.js';

/** Per-request values the middlewares hand to each other through `res.locals`. */
export interface RequestState {
  requestId: string;
  correlationId: string;
  /** Set once the request is authenticated. */
  principal?: Principal;
}

export function requestState(res: Response): RequestState {
  return res.locals as RequestState;
}
