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
  /**
   * With freeTo: the space is open throughout [freeFrom, freeTo) (its opening hours, by the
   * booking command's rule) and no booking or blackout holds it anywhere in it. ISO instants.
   */
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
 * What the free-between filter reads, for the window [from, to) (bind parameters; the
 * functions are migration 009's):
 * - `held`: the spaces a booking or blackout holds somewhere in the window, read once (the GiST
 *   index on `during`, migration 006) for an anti-join;
 * - `opening`: per time zone of the sites (a space's zone is its site's), the window as minutes
 *   of the local week, to compare with each space's weekly pattern `open_week`; NULL where the
 *   zone's UTC offset changes near the window;
 * - `open_patterns`: only for those zones, and only if a candidate gets that far, the weekly
 *   patterns there that are open throughout by the domain's own steps (open_intervals).
 */
function freeBetweenCtes(q: string, from: string, to: string, includeRetired: boolean): string {
  const window = `tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`;
  // target_kind keeps the planner off occupancy_target_during_idx, which cannot narrow by `during` alone.
  return `held AS MATERIALIZED (
       SELECT o.target_id FROM ${q}.occupancy o WHERE o.target_kind = 'space' AND o.during && ${window}),
     opening AS MATERIALIZED (
       SELECT z.time_zone, w.week_window
         FROM (SELECT DISTINCT time_zone FROM ${q}.sites) z CROSS JOIN LATERAL ${q}.week_window(z.time_zone, ${from}, ${to}) w),
     open_patterns AS MATERIALIZED (
       SELECT p.time_zone, p.open_week
         FROM (SELECT DISTINCT sp.time_zone, sp.open_week FROM ${q}.spaces sp
                WHERE sp.time_zone IN (SELECT time_zone FROM opening WHERE week_window IS NULL) AND sp.open_week IS NOT NULL ${includeRetired ? '' : 'AND NOT sp.retired'}) p
        WHERE (SELECT range_agg(tstzrange(i.open_at, i.close_at)) FROM ${q}.open_intervals(p.open_week, p.time_zone, ${from}, ${to}) i) @> ${window}),`;
}

/**
 * Spaces matching every given filter, by name. Free between freeFrom and freeTo: held by no
 * booking or blackout then, and open throughout, as the booking command checks opening hours.
 */
export async function listSpaces(db: Db, schema: string, filter: SpaceFilter = {}): Promise<Page<SpaceView>> {
  const q = quoteSchema(schema);
  const c = new Conditions();
  let freeBetween = '';
  if (filter.freeFrom !== undefined && filter.freeTo !== undefined) {
    freeBetween = freeBetweenCtes(q, c.param(filter.freeFrom), c.param(filter.freeTo), filter.includeRetired === true);
    c.add('NOT EXISTS (SELECT 1 FROM held WHERE held.target_id = sp.id)');
    c.add('(sp.open_week IS NULL OR sp.open_week @> zone.week_window OR (zone.week_window IS NULL AND (sp.time_zone, sp.open_week) IN (SELECT time_zone, open_week FROM open_patterns)))');
  }
  if (!filter.includeRetired) c.add('NOT sp.retired');
  if (filter.siteId !== undefined) c.add('sp.site_id = $?', filter.siteId);
  if (filter.city !== undefined) c.add('lower(si.city) = lower($?)', filter.city);
  if (filter.kind !== undefined) c.add('sp.kind = $?', filter.kind);
  if (filter.minCapacity !== undefined) c.add('sp.capacity >= $?', filter.minCapacity);
  if (filter.amenities !== undefined && filter.amenities.length > 0) c.add('sp.amenities @> $?::text[]', filter.amenities);
  // Order and count narrow rows first; only the page's spaces are read whole.
  const n = c.values.length;
  const { rows } = await db.query<SpaceRecord & { page_total: string }>(
    `WITH ${freeBetween}
     matching AS MATERIALIZED (
       SELECT sp.id, sp.name FROM ${q}.spaces sp LEFT JOIN ${q}.sites si ON si.id = sp.site_id
       ${freeBetween ? 'LEFT JOIN opening zone ON zone.time_zone = sp.time_zone' : ''} ${c.where()}),
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
