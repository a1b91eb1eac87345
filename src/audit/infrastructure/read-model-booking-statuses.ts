import type pg from 'pg';
import { quoteSchema } from '../../../read-models/schema-name.js';

/** Booking id → status, as the read model in `schema` holds them (for replayBookings). */
export async function readModelBookingStatuses(pool: pg.Pool, schema: string): Promise<Map<string, string>> {
  const { rows } = await pool.query<{ id: string; status: string }>(`SELECT id, status FROM ${quoteSchema(schema)}.bookings`);
  return new Map(rows.map((r) => [r.id, r.status]));
}
