import type { ResourceRow } from '../rows/resources.row.js';
import { quoteSchema } from '../schema-name.js';
import { Conditions, isoOf, type Db } from './db.js';

export interface ResourceView {
  id: string;
  siteId: string;
  name: string;
  category: string;
  quantity: number;
  description: string;
  timeZone: string;
  retired: boolean;
  retiredAt: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

function toResource(r: ResourceRow<Date>): ResourceView {
  return {
    id: r.id, siteId: r.site_id, name: r.name, category: r.category, quantity: r.quantity, description: r.description,
    timeZone: r.time_zone, retired: r.retired, retiredAt: isoOf(r.retired_at), createdAt: isoOf(r.created_at),
    updatedAt: isoOf(r.updated_at), revision: r.revision,
  };
}

/** Resources by name; retired ones only when asked for. */
export async function listResources(db: Db, schema: string, filter: { siteId?: string; category?: string; includeRetired?: boolean } = {}): Promise<ResourceView[]> {
  const c = new Conditions();
  if (!filter.includeRetired) c.add('NOT retired');
  if (filter.siteId !== undefined) c.add('site_id = $?', filter.siteId);
  if (filter.category !== undefined) c.add('category = $?', filter.category);
  const { rows } = await db.query<ResourceRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.resources ${c.where()} ORDER BY name, id`, c.values);
  return rows.map(toResource);
}

export async function getResource(db: Db, schema: string, id: string): Promise<ResourceView | null> {
  const { rows } = await db.query<ResourceRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.resources WHERE id = $1`, [id]);
  return rows[0] ? toResource(rows[0]) : null;
}
