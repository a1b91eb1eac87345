import { z } from 'zod';
import { named } from './schema-registry.js';

/** A custom message for a malformed value that still reports a missing one as missing. */
function unlessMissing(message: string) {
  return (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message);
}

export const Uuid = named('Uuid', z.uuid({ error: unlessMissing('expected a uuid') }));
export const Instant = named(
  'Instant',
  z.iso.datetime({ offset: true, error: unlessMissing('expected an ISO-8601 instant with an offset, e.g. 2030-05-01T09:00:00Z') }),
  'ISO-8601 date-time with seconds and an offset (Z or ±hh:mm).',
);
export const UserId = z.string().trim().min(1).max(200);
/** Stream revision of an aggregate; the same number is its ETag. */
export const Revision = z.int().nonnegative();

export const pageQuery = {
  limit: z.coerce.number<string>().int().min(1).max(200).default(50),
  offset: z.coerce.number<string>().int().min(0).max(1_000_000).default(0),
};

export function pageOf<T extends z.ZodType>(id: string, item: T) {
  return named(id, z.object({ items: z.array(item), total: z.int().nonnegative(), limit: z.int(), offset: z.int() }));
}

export const Interval = named('Interval', z.object({ start: Instant, end: Instant }), 'Half-open interval [start, end).');
export type Interval = z.infer<typeof Interval>;

/** What a catalog command returns: the entity id and its new revision (also sent as ETag). */
export const EntityRevision = named('EntityRevision', z.object({ id: Uuid, revision: Revision }));
export type EntityRevision = z.infer<typeof EntityRevision>;

const DAY_MS = 86_400_000;

/**
 * Cross-field check for a pair of instants: end after start and, optionally, both or neither
 * given and a maximum span. Issues name the later field, which is the one a client fixes.
 */
export function instantRange(startKey: string, endKey: string, options: { bothOrNeither?: boolean; maxDays?: number } = {}) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = value[startKey];
    const end = value[endKey];
    if (options.bothOrNeither && (start === undefined) !== (end === undefined)) {
      const missing = start === undefined ? startKey : endKey;
      ctx.addIssue({ code: 'custom', path: [missing], message: `${startKey} and ${endKey} go together: give both or neither` });
      return;
    }
    if (typeof start !== 'string' || typeof end !== 'string') return;
    const span = Date.parse(end) - Date.parse(start);
    if (!(span > 0)) ctx.addIssue({ code: 'custom', path: [endKey], message: `${endKey} must be after ${startKey}` });
    else if (options.maxDays !== undefined && span > options.maxDays * DAY_MS) {
      ctx.addIssue({ code: 'custom', path: [endKey], message: `the range may span at most ${options.maxDays} days` });
    }
  };
}

/** A PATCH body must change something. */
export function nonEmptyPatch<T extends z.ZodType<object>>(schema: T): T {
  return schema.refine((value) => Object.keys(value).length > 0, { error: 'send at least one field to change' });
}
