import { z } from 'zod';

export interface ApiSchemaMeta {
  /** Component name in the OpenAPI document (`#/components/schemas/<id>`). */
  id: string;
  description?: string;
}

/**
 * The named schemas of the API. Every request body and response a route declares must be in
 * here, so the OpenAPI document refers to components instead of repeating them inline.
 */
export const apiSchemas = z.registry<ApiSchemaMeta>();

export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  apiSchemas.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}
