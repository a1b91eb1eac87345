import type pg from 'pg';
import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import type { ScheduleEvent } from '../src/scheduling/domain/schedule.events.js';
import { defineProjection } from './projection.js';
import { encodeRows, iso, selectJsonbRows, type ColumnType } from './row-table.js';

/** A row of `occupancy` (read-models/migrations/004_occupancy.sql): one active reservation in one day bucket. */
export interface OccupancyRow {
  target_id: string;
  day: string;
  reservation_id: string;
  target_kind: 'space' | 'resource';
  holder_kind: 'booking' | 'blackout';
  holder_id: string;
  start_at: string;
  end_at: string;
  quantity: number;
  reserved_at: string;
}

// Arrays rather than a JSON document: the planner then knows how many keys there are and
// probes the primary key for each (checked on a table without statistics, as in a rebuild).
const DELETE = `
  DELETE FROM occupancy
   WHERE (target_id, day, reservation_id) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`;

const OCCUPANCY_COLUMNS = [
  ['target_id', 'text'], ['day', 'text'], ['reservation_id', 'text'], ['target_kind', 'text'], ['holder_kind', 'text'],
  ['holder_id', 'text'], ['start_at', 'timestamptz'], ['end_at', 'timestamptz'], ['quantity', 'integer'], ['reserved_at', 'timestamptz'],
] as const satisfies readonly (readonly [keyof OccupancyRow, ColumnType])[];

const UPSERT = `
  INSERT INTO occupancy (target_id, day, reservation_id, target_kind, holder_kind, holder_id, during, quantity, reserved_at)
  SELECT target_id, day, reservation_id, target_kind, holder_kind, holder_id, tstzrange(start_at, end_at, '[)'), quantity, reserved_at
    FROM (${selectJsonbRows(OCCUPANCY_COLUMNS)}) AS r
  ON CONFLICT (target_id, day, reservation_id) DO UPDATE
     SET target_kind = EXCLUDED.target_kind, holder_kind = EXCLUDED.holder_kind, holder_id = EXCLUDED.holder_id,
         during = EXCLUDED.during, quantity = EXCLUDED.quantity, reserved_at = EXCLUDED.reserved_at`;

const keyOf = (k: { target_id: string; day: string; reservation_id: string }) => `${k.target_id}\u0000${k.day}\u0000${k.reservation_id}`;

/**
 * Net effect of a batch per (target, day, reservation): the last event wins, so a slot
 * reserved and released within the batch costs nothing, and each key is written once.
 */
export function netOccupancy(events: readonly RecordedEvent[]): { upserts: OccupancyRow[]; deletes: { target_id: string; day: string; reservation_id: string }[] } {
  const last = new Map<string, OccupancyRow | { target_id: string; day: string; reservation_id: string; released: true }>();
  for (const event of events) {
    const e = event as unknown as ScheduleEvent;
    switch (e.type) {
      case 'SlotReserved': {
        const d = e.data;
        const row: OccupancyRow = {
          target_id: d.targetId, day: d.day, reservation_id: d.reservationId, target_kind: d.targetKind,
          holder_kind: d.holder.kind, holder_id: d.holder.id, start_at: iso(d.start), end_at: iso(d.end),
          quantity: d.quantity, reserved_at: iso(event.metadata.occurredAt),
        };
        last.set(keyOf(row), row);
        break;
      }
      case 'SlotReleased': {
        const key = { target_id: e.data.targetId, day: e.data.day, reservation_id: e.data.reservationId };
        last.set(keyOf(key), { ...key, released: true });
        break;
      }
      default:
        assertNever(e);
    }
  }
  const upserts: OccupancyRow[] = [];
  const deletes: { target_id: string; day: string; reservation_id: string }[] = [];
  for (const v of last.values()) {
    if ('released' in v) deletes.push({ target_id: v.target_id, day: v.day, reservation_id: v.reservation_id });
    else upserts.push(v);
  }
  // Same lock order for every writer.
  const byKey = (a: { target_id: string; day: string; reservation_id: string }, b: typeof a) => (keyOf(a) < keyOf(b) ? -1 : 1);
  return { upserts: upserts.sort(byKey), deletes: deletes.sort(byKey) };
}

async function applyScheduleEvents(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const { upserts, deletes } = netOccupancy(events);
  if (deletes.length > 0) await client.query(DELETE, [deletes.map((d) => d.target_id), deletes.map((d) => d.day), deletes.map((d) => d.reservation_id)]);
  if (upserts.length > 0) await client.query(UPSERT, [encodeRows(upserts, OCCUPANCY_COLUMNS.map(([c]) => c))]);
}

/** `occupancy`: what holds each space and resource right now, for availability search. */
export const occupancyProjection = defineProjection({
  name: 'occupancy',
  filter: { streamPrefixes: ['schedule-'], eventTypes: ['SlotReserved', 'SlotReleased'] satisfies ScheduleEvent['type'][] },
  tables: ['occupancy'],
  applyBatch: applyScheduleEvents,
});

