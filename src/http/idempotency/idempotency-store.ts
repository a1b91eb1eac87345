import type { HttpResponse } from '../http-response.js';

/** One use of an Idempotency-Key: keys are scoped to the actor, and bound to one request by its fingerprint. */
export interface IdempotentRequest {
  actorId: string;
  key: string;
  /** Hash of method, path and body; the same key with another fingerprint is a client error. */
  fingerprint: string;
}

export type IdempotencyClaim =
  /** First use (or the earlier one expired or was abandoned): run the request, then complete or release. */
  | { outcome: 'claimed' }
  /** Completed before: send this response again. */
  | { outcome: 'replay'; response: HttpResponse }
  /** The key was used for a different request. */
  | { outcome: 'mismatch' }
  /** A request with this key is running right now. */
  | { outcome: 'in_flight' };

/** Remembers responses to POSTs by (actor, Idempotency-Key), for 24 hours by default. */
export interface IdempotencyStore {
  claim(request: IdempotentRequest, now: Date): Promise<IdempotencyClaim>;
  /** Stores the response of a claimed request for replay. */
  complete(request: IdempotentRequest, response: HttpResponse): Promise<void>;
  /** Forgets a claimed request that failed unexpectedly (5xx), so a retry runs it again. */
  release(request: IdempotentRequest): Promise<void>;
}
