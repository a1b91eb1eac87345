import { quoteSchema } from '../schema-name.js';
import type { Db } from './db.js';

/** Units of a pooled resource held by one reservation (booking or blackout) over [start, end). */
export interface ResourceHoldView {
  start: string;
  end: string;
  quantity: number;
}

/**
 * What holds a resource anywhere in [from, to) (ISO instants), one row per reservation (its
 * per-day bucket rows merged), in start order; whose holds they are is not disclosed. Served by
 * the GiST index on `occupancy (target_id, during)`.
 */
export async function getResourceHolds(db: Db, schema: string, resourceId: string, from: string, to: string): Promise<ResourceHoldView[]> {
  const { rows } = await db.query<{ start_at: Date; end_at: Date; quantity: number }>(
    `SELECT lower(held) AS start_at, upper(held) AS end_at, quantity
       FROM (SELECT reservation_id, quantity, range_merge(range_agg(during)) AS held
               FROM ${quoteSchema(schema)}.occupancy
              WHERE target_id = $1 AND during && tstzrange($2::timestamptz, $3::timestamptz, '[)')
              GROUP BY reservation_id, quantity) r
      ORDER BY start_at, end_at`,
    [resourceId, from, to],
  );
  return rows.map((r) => ({ start: r.start_at.toISOString(), end: r.end_at.toISOString(), quantity: r.quantity }));
}
