import type { BookingPolicy } from '../../src/catalog/domain/catalog.types.js';
import type { SpaceRow } from '../rows/spaces.row.js';
import { quoteSchema } from '../schema-name.js';
import { Conditions, isoOf, type Db, type Page } from './db.js';

export interface SpaceView {
  id: string;
  siteId: string;
  siteName: string | null;
  city: string | null;
  name: string;
  kind: string;
  capacity: number;
  amenities: string[];
  photoUrls: string[];
  description: string;
  policy: BookingPolicy;
  timeZone: string;
  retired: boolean;
  retiredAt: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export interface SpaceFilter {
  siteId?: string;
  /** Case-insensitive, the city of the space's site. */
  city?: string;
  kind?: string;
  minCapacity?: number;
  /** Every one of these amenities. */
  amenities?: string[];
  /** With freeTo: no booking or blackout holds the space anywhere in [freeFrom, freeTo). ISO instants. */
  freeFrom?: string;
  freeTo?: string;
  includeRetired?: boolean;
  limit?: number;
  offset?: number;
}

/** A `spaces` row with its site's name and city joined. */
interface SpaceRecord extends SpaceRow<Date> {
  site_name: string | null;
  city: string | null;
}

function toSpace(r: SpaceRecord): SpaceView {
  return {
    id: r.id, siteId: r.site_id, siteName: r.site_name, city: r.city, name: r.name, kind: r.kind, capacity: r.capacity,
    amenities: r.amenities, photoUrls: r.photo_urls, description: r.description, policy: r.policy, timeZone: r.time_zone,
    retired: r.retired, retiredAt: isoOf(r.retired_at), createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at), revision: r.revision,
  };
}

function selectSpaces(schema: string): string {
  const s = quoteSchema(schema);
  return `SELECT sp.*, si.name AS site_name, si.city FROM ${s}.spaces sp LEFT JOIN ${s}.sites si ON si.id = sp.site_id`;
}

/**
 * Spaces matching every given filter, by name. The free-between filter is an anti-join on
 * `occupancy`, served by the GiST index on `during` (migration 006).
 */
export async function listSpaces(db: Db, schema: string, filter: SpaceFilter = {}): Promise<Page<SpaceView>> {
  const c = new Conditions();
  if (!filter.includeRetired) c.add('NOT sp.retired');
  if (filter.siteId !== undefined) c.add('sp.site_id = $?', filter.siteId);
  if (filter.city !== undefined) c.add('lower(si.city) = lower($?)', filter.city);
  if (filter.kind !== undefined) c.add('sp.kind = $?', filter.kind);
  if (filter.minCapacity !== undefined) c.add('sp.capacity >= $?', filter.minCapacity);
  if (filter.amenities !== undefined && filter.amenities.length > 0) c.add('sp.amenities @> $?::text[]', filter.amenities);
  if (filter.freeFrom !== undefined && filter.freeTo !== undefined) {
    c.add(
      `NOT EXISTS (SELECT 1 FROM ${quoteSchema(schema)}.occupancy o WHERE o.target_id = sp.id AND o.during && tstzrange($?::timestamptz, $?::timestamptz, '[)'))`,
      filter.freeFrom,
      filter.freeTo,
    );
  }
  // Order and count narrow rows first; only the page's spaces are read whole.
  const q = quoteSchema(schema);
  const n = c.values.length;
  const { rows } = await db.query<SpaceRecord & { page_total: string }>(
    `WITH matching AS MATERIALIZED (
       SELECT sp.id, sp.name FROM ${q}.spaces sp LEFT JOIN ${q}.sites si ON si.id = sp.site_id ${c.where()}),
     page AS (SELECT id FROM matching ORDER BY name, id LIMIT $${n + 1} OFFSET $${n + 2})
     SELECT sp.*, si.name AS site_name, si.city, (SELECT count(*) FROM matching) AS page_total
       FROM (SELECT 1) one LEFT JOIN page ON true LEFT JOIN ${q}.spaces sp ON sp.id = page.id LEFT JOIN ${q}.sites si ON si.id = sp.site_id
      ORDER BY sp.name, sp.id`,
    [...c.values, filter.limit ?? 50, filter.offset ?? 0],
  );
  const total = Number(rows[0]?.page_total ?? 0);
  const items = rows.filter((r) => r.id !== null);
  return { items: items.map(toSpace), total };
}

export async function getSpace(db: Db, schema: string, id: string): Promise<SpaceView | null> {
  const { rows } = await db.query<SpaceRecord>(`${selectSpaces(schema)} WHERE sp.id = $1`, [id]);
  return rows[0] ? toSpace(rows[0]) : null;
}
