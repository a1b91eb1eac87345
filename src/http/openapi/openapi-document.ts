import { z } from 'zod';
import type { AnyApiRoute } from '../api-route.js';
import type { SecurityScheme } from '../auth/authenticator.js';
import { Problem } from '../contracts/problem.contracts.js';
import { apiSchemas } from '../contracts/schema-registry.js';
import { CONSISTENCY_HEADER } from '../request-context.js';
import { PROBLEM_TYPES, type ProblemStatus } from '../problem/http-problem.js';

type JsonObject = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject>; securitySchemes: Record<string, SecurityScheme> };
  tags: { name: string }[];
}

export interface OpenApiOptions {
  info: OpenApiDocument['info'];
  /** The authenticator's schemes; protected operations require all of them together. */
  securitySchemes?: Record<string, SecurityScheme>;
  /** Whether protected GETs honour `Reserva-Consistency: strong`. */
  readYourWrites?: boolean;
}

const COMPONENT_REF = (id: string) => `#/components/schemas/${id}`;

/** The OpenAPI 3.1 document of `routes`, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(routes: readonly AnyApiRoute[], options: OpenApiOptions): OpenApiDocument {
  const securitySchemes = options.securitySchemes ?? {};
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    if (operations[route.method]) throw new Error(`duplicate route ${route.method.toUpperCase()} ${route.path}`);
    operations[route.method] = operation(route, securitySchemes, options.readYourWrites ?? false);
  }
  return {
    openapi: '3.1.1',
    info: options.info,
    paths,
    components: { schemas: componentSchemas(), securitySchemes },
    tags: [...new Set(routes.flatMap((r) => r.tags))].map((name) => ({ name })),
  };
}

/** POSTs of signed-in callers honour `Idempotency-Key`, unless the route opts out (secrets in its request or reply). */
function isIdempotent(route: AnyApiRoute): boolean {
  return route.access !== 'public' && route.method === 'post' && route.idempotent !== false;
}

function operation(route: AnyApiRoute, securitySchemes: Record<string, SecurityScheme>, readYourWrites: boolean): JsonObject {
  const isProtected = route.access !== 'public';
  const idempotent = isIdempotent(route);
  const parameters = [
    ...objectParameters(route.params, 'path'),
    ...objectParameters(route.query, 'query'),
    ...(route.ifMatch ? [headerParameter('If-Match', 'The ETag the change is based on ("<revision>"); a stale one answers 412.')] : []),
    ...(readYourWrites && isProtected && route.method === 'get'
      ? [headerParameter(CONSISTENCY_HEADER, '`strong`: wait until the read models include every write made so far (read your own writes).')]
      : []),
    ...(idempotent ? [headerParameter('Idempotency-Key', 'Makes retries safe: the first response for this key is replayed for 24 hours.')] : []),
  ];
  const headers = {
    ...(route.success.etag ? { ETag: { description: 'Strong ETag: the revision of the aggregate.', schema: { type: 'string' } } } : {}),
    ...(route.success.location ? { Location: { description: 'URL of the created resource.', schema: { type: 'string' } } } : {}),
    ...(idempotent ? { 'Idempotent-Replayed': { description: '`true` when this is a replay of an earlier response.', schema: { type: 'string' } } } : {}),
  };
  const success: JsonObject = {
    description: route.success.description,
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
    content: { 'application/json': { schema: { $ref: COMPONENT_REF(componentId(route.success.schema, route, 'response')) } } },
  };
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [...route.tags],
    // Any one of x-permissions admits; x-permission-scope says where it must be held (`global`: everywhere; `site`: on some site, the handler checks which).
    ...(isProtected && route.access !== 'authenticated' ? { 'x-permissions': [...route.access], 'x-permission-scope': route.scope ?? 'global' } : {}),
    security: isProtected && Object.keys(securitySchemes).length > 0 ? [Object.fromEntries(Object.keys(securitySchemes).map((name) => [name, []]))] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: COMPONENT_REF(componentId(route.body, route, 'body')) } } } } }
      : {}),
    responses: {
      [route.success.status]: success,
      ...Object.fromEntries(errorStatuses(route).map((status) => [status, problemResponse(status, route)])),
    },
  };
}

/** Problems every route of its kind can answer, besides the ones the route lists. */
function errorStatuses(route: AnyApiRoute): ProblemStatus[] {
  const isProtected = route.access !== 'public';
  const idempotent = isIdempotent(route);
  const statuses = new Set<ProblemStatus>([...route.errors, 500]);
  if (route.params || route.query || route.body || route.ifMatch || idempotent) statuses.add(400);
  if (isProtected) statuses.add(401).add(403);
  if (idempotent) statuses.add(409).add(422);
  if (route.ifMatch) statuses.add(412);
  if (route.body) statuses.add(413).add(415);
  return [...statuses].sort((a, b) => a - b);
}

function problemResponse(status: ProblemStatus, route: AnyApiRoute): JsonObject {
  const titles = Object.values(PROBLEM_TYPES).filter((t) => t.status === status).map((t) => t.title);
  return { description: titles.join('; '), content: { 'application/problem+json': { schema: { $ref: COMPONENT_REF(componentId(Problem, route, 'problem')) } } } };
}

function componentId(schema: z.ZodType, route: AnyApiRoute, role: string): string {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error(`the ${role} schema of ${route.operationId} must be named in the contracts (named(id, schema))`);
  return id;
}

function objectParameters(schema: z.ZodObject | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = field as z.ZodType;
    const required = location === 'path' || !fieldSchema.safeParse(undefined).success;
    const { description, ...json } = jsonSchema(fieldSchema);
    return { name, in: location, required, ...(description ? { description } : {}), schema: json };
  });
}

function headerParameter(name: string, description: string): JsonObject {
  return { name, in: 'header', required: false, description, schema: { type: 'string' } };
}

function jsonSchema(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  return json;
}

function componentSchemas(): Record<string, JsonObject> {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'input', unrepresentable: 'any', uri: COMPONENT_REF });
  // Components are addressed by their place in the document, not by $id.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, json]) => {
      const { $schema: _dialect, $id: _id, ...rest } = json as JsonObject;
      return [id, rest];
    }),
  );
}
