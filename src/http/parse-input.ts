import type { Request } from 'express';
import type { z } from 'zod';
import type { FieldIssue } from '../shared/domain/errors.js';
import { HttpProblem } from './problem/http-problem.js';

type Location = 'path' | 'query' | 'body';

/** Parses one part of the request; failures become a 400 problem naming every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, location: Location): z.output<T> {
  const result = schema.safeParse(value, { error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined) });
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, location);
  const fields = [...new Set(errors.map((e) => e.field))];
  throw new HttpProblem('invalid-request', `Invalid ${location === 'path' ? 'path parameter' : location === 'query' ? 'query parameter' : 'body field'}${fields.length > 1 ? 's' : ''}: ${fields.join(', ')}.`, { errors });
}

function fieldErrors(error: z.ZodError, location: Location): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: [...path, key].join('.'), message: 'is not a known field' }));
    return [{ field: path.length > 0 ? path.join('.') : location, message: issue.message }];
  });
}

export const JSON_BODY_TYPES = ['application/json', 'application/*+json'];

/** A body in another media type would be silently ignored by the JSON parser: refuse it (415). */
export function requireJsonBody(req: Request): void {
  const hasBody = req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] ?? '0') !== '0';
  if (hasBody && !req.is(JSON_BODY_TYPES)) {
    throw new HttpProblem('unsupported-media-type', `Send the body as application/json (got ${req.get('Content-Type') ?? 'no Content-Type'}).`);
  }
}
