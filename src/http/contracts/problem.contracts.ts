import { z } from 'zod';
import { named } from './schema-registry.js';

export const FieldError = z.object({
  /** Dotted path of the offending input, e.g. `resources.0.quantity`, a query parameter or a header name. */
  field: z.string(),
  message: z.string(),
});

export const ConflictingInterval = z.object({
  start: z.string(),
  end: z.string(),
  /** The space or resource whose schedule is taken. */
  targetId: z.string(),
  /** What holds the interval; the id is left out when the caller may not see it. */
  holder: z.object({ kind: z.enum(['booking', 'blackout']), id: z.string().optional() }),
});

/** RFC 9457 problem details, the body of every error response (`application/problem+json`). */
export const Problem = named(
  'Problem',
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string(),
    errors: z.array(FieldError).optional(),
    conflicts: z.array(ConflictingInterval).optional(),
  }),
  'RFC 9457 problem details.',
);
export type Problem = z.infer<typeof Problem>;
