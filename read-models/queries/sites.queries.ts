import type { SiteRow } from '../rows/sites.row.js';
import { quoteSchema } from '../schema-name.js';
import { Conditions, isoOf, type Db } from './db.js';

export interface SiteView {
  id: string;
  name: string;
  address: string;
  city: string;
  latitude: number;
  longitude: number;
  timeZone: string;
  kind: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

function toSite(r: SiteRow<Date>): SiteView {
  return {
    id: r.id, name: r.name, address: r.address, city: r.city, latitude: r.latitude, longitude: r.longitude,
    timeZone: r.time_zone, kind: r.kind, createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at), revision: r.revision,
  };
}

/** Sites by name; `city` matches case-insensitively. */
export async function listSites(db: Db, schema: string, filter: { city?: string; kind?: string } = {}): Promise<SiteView[]> {
  const c = new Conditions();
  if (filter.city !== undefined) c.add('lower(city) = lower($?)', filter.city);
  if (filter.kind !== undefined) c.add('kind = $?', filter.kind);
  const { rows } = await db.query<SiteRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.sites ${c.where()} ORDER BY name, id`, c.values);
  return rows.map(toSite);
}

export async function getSite(db: Db, schema: string, id: string): Promise<SiteView | null> {
  const { rows } = await db.query<SiteRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.sites WHERE id = $1`, [id]);
  return rows[0] ? toSite(rows[0]) : null;
}
