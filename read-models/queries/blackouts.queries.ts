import type { BlackoutTarget } from '../../src/catalog/domain/catalog.types.js';
import type { BlackoutRow, BlackoutStatus } from '../rows/blackouts.row.js';
import { quoteSchema } from '../schema-name.js';
import { Conditions, isoOf, type Db } from './db.js';

export type { BlackoutStatus };

export interface BlackoutView {
  id: string;
  siteId: string;
  timeZone: string;
  target: BlackoutTarget;
  start: string;
  end: string;
  reason: string;
  status: BlackoutStatus;
  /** Why it was refused: `conflict` (the period was not free) or `abandoned` (its placement stalled). */
  refusalReason: BlackoutRow['refusal_reason'];
  /** What it clashed with. */
  conflicts: BlackoutRow['conflicts'];
  liftReason: string | null;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export interface BlackoutFilter {
  /** A space id or a resource id. */
  targetId?: string;
  siteId?: string;
  /** Blackouts overlapping [from, to); either bound may be left open. ISO instants. */
  from?: string;
  to?: string;
  status?: BlackoutStatus | BlackoutStatus[];
}

function toBlackout(r: BlackoutRow<Date>): BlackoutView {
  const target: BlackoutTarget = r.target_kind === 'space' ? { kind: 'space', spaceId: r.target_id } : { kind: 'resource', resourceId: r.target_id, quantity: r.quantity ?? 0 };
  return {
    id: r.id, siteId: r.site_id, timeZone: r.time_zone, target, start: isoOf(r.start_at), end: isoOf(r.end_at), reason: r.reason,
    status: r.status, refusalReason: r.refusal_reason, conflicts: r.conflicts, liftReason: r.lift_reason, requestedBy: r.requested_by,
    createdAt: isoOf(r.created_at), updatedAt: isoOf(r.updated_at), revision: r.revision,
  };
}

/** Blackouts by start. */
export async function listBlackouts(db: Db, schema: string, filter: BlackoutFilter = {}): Promise<BlackoutView[]> {
  const c = new Conditions();
  if (filter.targetId !== undefined) c.add('target_id = $?', filter.targetId);
  if (filter.siteId !== undefined) c.add('site_id = $?', filter.siteId);
  if (filter.from !== undefined) c.add('end_at > $?::timestamptz', filter.from);
  if (filter.to !== undefined) c.add('start_at < $?::timestamptz', filter.to);
  if (filter.status !== undefined) c.add('status = ANY($?::text[])', [filter.status].flat());
  const { rows } = await db.query<BlackoutRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.blackouts ${c.where()} ORDER BY start_at, id`, c.values);
  return rows.map(toBlackout);
}

export async function getBlackout(db: Db, schema: string, id: string): Promise<BlackoutView | null> {
  const { rows } = await db.query<BlackoutRow<Date>>(`SELECT * FROM ${quoteSchema(schema)}.blackouts WHERE id = $1`, [id]);
  return rows[0] ? toBlackout(rows[0]) : null;
}
