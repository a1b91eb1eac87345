import type { Request, RequestHandler, Response, Router } from 'express';
import type { Logger } from '../platform/tokens.js';
import type { CommandContext } from '../shared/event-store/envelope.js';
import type { AnyApiRoute, RouteOutcome } from './api-route.js';
import { authenticate, type Authenticator, type Principal } from './auth/authenticator.js';
import { requirePermission } from './auth/require-permission.js';
import { expectedRevisionOf, formatETag } from './etag.js';
import { sendResponse, type HttpResponse } from './http-response.js';
import type { IdempotencyStore } from './idempotency/idempotency-store.js';
import { idempotencyKeyOf, requestFingerprint, respondIdempotently } from './idempotency/respond-idempotently.js';
import { parseInput, requireJsonBody } from './parse-input.js';
import { problemOptionsOf } from './problem/error-handler.js';
import { isDomainError, problemResponse } from './problem/problem-response.js';
import { CONSISTENCY_HEADER, commandContextOf } from './request-context.js';
import { requestState } from './request-state.js';

export interface RouteDeps {
  authenticate: Authenticator;
  idempotency: IdempotencyStore;
  clock: () => Date;
  newId: () => string;
  log: Logger;
  /** Resolves once the read models have caught up with everything written so far. */
  waitForProjection?: () => Promise<void>;
}

/**
 * Who acts on public routes until the use case knows the person (registration, login): a
 * system actor, so no personal-data key is ever made for "anonymous" and no request metadata
 * is sealed under it. Use cases switch to the person with `actingAs`.
 */
const ANONYMOUS: Principal = { userId: 'anonymous', permissions: new Set() };

/** Express path for an OpenAPI template: `/bookings/{bookingId}` → `/bookings/:bookingId`. */
export function expressPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

/** Wires one route: authenticate → permission → validate → (idempotency) → handler → contract-checked response. */
export function mountRoute(router: Router, route: AnyApiRoute, deps: RouteDeps): void {
  const chain: RequestHandler[] = [];
  if (route.access !== 'public') chain.push(authenticate(deps.authenticate));
  if (route.access !== 'public' && route.access !== 'authenticated') chain.push(requirePermission(route.access, route.scope ?? 'global'));
  chain.push(async (req, res) => sendResponse(res, await respond(route, req, res, deps)));
  router[route.method](expressPath(route.path), ...chain);
}

async function respond(route: AnyApiRoute, req: Request, res: Response, deps: RouteDeps): Promise<HttpResponse> {
  if (route.body) requireJsonBody(req);
  const params = route.params ? parseInput(route.params, req.params, 'path') : {};
  const query = route.query ? parseInput(route.query, req.query, 'query') : {};
  // Action endpoints with optional bodies (cancel, approve…) accept an empty request.
  const body = route.body ? parseInput(route.body, req.body ?? {}, 'body') : undefined;
  const expectedRevision = route.ifMatch ? expectedRevisionOf(req.get('If-Match')) : undefined;
  const principal = requestState(res).principal ?? null;
  if (route.method === 'get' && principal && deps.waitForProjection && req.get(CONSISTENCY_HEADER) === 'strong') await deps.waitForProjection();
  const ctx = principal ? commandContextOf(req, res, principal, deps) : anonymousContext(commandContextOf(req, res, ANONYMOUS, deps));

  // The route table erases each route's input types; its own schemas produced these values.
  const run = async () => toResponse(route, await route.handle({ params, query, body, expectedRevision, req, principal, ctx } as never));

  const key = route.method === 'post' && principal && route.idempotent !== false ? idempotencyKeyOf(req.get('Idempotency-Key')) : undefined;
  if (key === undefined || !principal) return run();
  const request = { actorId: principal.userId, key, fingerprint: requestFingerprint(req.method, req.originalUrl, req.body) };
  return respondIdempotently(
    deps.idempotency,
    request,
    deps.clock(),
    async () => {
      try {
        return await run();
      } catch (err) {
        // Domain refusals are answers too: a retry with the same key gets the same one.
        if (isDomainError(err)) return problemResponse(err, problemOptionsOf(req, res));
        throw err;
      }
    },
    (err) => deps.log.error('idempotency store failed', { operationId: route.operationId, correlationId: requestState(res).correlationId, error: err }),
  );
}

function anonymousContext(ctx: CommandContext): CommandContext {
  return { ...ctx, actor: { id: ANONYMOUS.userId, kind: 'system' } };
}

function toResponse(route: AnyApiRoute, outcome: RouteOutcome<unknown>): HttpResponse {
  const checked = route.success.schema.safeParse(outcome.body);
  if (!checked.success) {
    const fields = checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new Error(`response of ${route.operationId} breaks its contract: ${fields}`);
  }
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (outcome.revision !== undefined) headers.ETag = formatETag(outcome.revision);
  if (outcome.location !== undefined) headers.Location = outcome.location;
  return { status: route.success.status, headers, body: checked.data };
}
