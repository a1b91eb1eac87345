import type { Request } from 'express';
import type { z } from 'zod';
import type { Permission } from '../identity/domain/permissions.js';
import type { CommandContext } from '../shared/event-store/envelope.js';
import type { Principal } from './auth/authenticator.js';
import type { ProblemStatus } from './problem/http-problem.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Any one of the listed permissions admits the caller; `authenticated` admits anyone signed in
 * (the handler checks ownership); `public` routes skip authentication.
 */
export type Access = readonly [Permission, ...Permission[]] | 'authenticated' | 'public';

/**
 * Where a permission must be held to reach a route: `global` (the default) everywhere;
 * `site` on at least one site, for routes whose handlers check the site of what they touch.
 */
export type PermissionScope = 'global' | 'site';

/** Public routes act as an anonymous caller (registration, login): the use case names the person once it knows them. */
type Caller<A extends Access> = A extends 'public' ? { principal: null; ctx: CommandContext } : { principal: Principal; ctx: CommandContext };

/** What a handler receives: validated input and, on protected routes, the caller and its CommandContext. */
export type RouteInput<A extends Access, P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> = {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  /** From `If-Match`, on routes that accept it. */
  expectedRevision: number | undefined;
  req: Request;
} & Caller<A>;

/** A successful result; the body is checked against the route's response schema before it is sent. */
export interface RouteOutcome<T> {
  body: T;
  /** Sent as `ETag`. */
  revision?: number;
  /** Sent as `Location`. */
  location?: string;
}

/**
 * One endpoint, described once: the router validates with these schemas and the OpenAPI
 * document is generated from them, so the two cannot drift apart.
 */
export interface ApiRoute<A extends Access, P extends z.ZodObject, Q extends z.ZodObject, B extends z.ZodType, R extends z.ZodType> {
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/api/v1/bookings/{bookingId}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  access: A;
  /**
   * `site`: a permission held on some sites only admits the caller, and the handler checks the
   * site of what it touches. Leave it out (global) unless the handler does that check.
   */
  scope?: 'site';
  params?: P;
  query?: Q;
  body?: B;
  /** Accepts `If-Match` and passes it to the command as the expected revision. */
  ifMatch?: boolean;
  /**
   * `false`: `Idempotency-Key` is ignored, so nothing of the request or its answer is stored
   * (passwords in the body, secrets in the reply). POSTs of signed-in callers honour it otherwise.
   */
  idempotent?: false;
  success: { status: 200 | 201; description: string; schema: R; etag?: boolean; location?: boolean };
  /** Problem statuses this route itself can answer; those of authentication, validation and idempotency are added. */
  errors: readonly ProblemStatus[];
  handle(input: RouteInput<A, P, Q, B>): Promise<RouteOutcome<z.input<R>>>;
}

export type AnyApiRoute = ApiRoute<Access, z.ZodObject, z.ZodObject, z.ZodType, z.ZodType>;

export function defineRoute<
  A extends Access,
  R extends z.ZodType,
  P extends z.ZodObject = z.ZodObject<{}>,
  Q extends z.ZodObject = z.ZodObject<{}>,
  B extends z.ZodType = z.ZodUndefined,
>(route: ApiRoute<A, P, Q, B, R>): AnyApiRoute {
  return route as unknown as AnyApiRoute;
}
