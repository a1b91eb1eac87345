import { readFile } from 'node:fs/promises';
import type pg from 'pg';
import { defineProjection, type Projection } from '../../../projections/projection.js';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';

export type HolderKind = 'booking' | 'blackout';

const STARTS_PLACEMENT = new Set(['BookingRequested', 'BookingChangeRequested', 'BlackoutRequested']);
const SETTLES_PLACEMENT = new Set(['BookingConfirmed', 'BookingSubmittedForApproval', 'BookingRejected', 'BookingChanged', 'BookingChangeRejected', 'BlackoutDeclared', 'BlackoutRefused']);
/** Outcomes after which some of the holder's slots are no longer in force. */
const FREES_SLOTS = new Set(['BookingRejected', 'BookingChanged', 'BookingChangeRejected', 'BookingCancelled', 'BookingMarkedNoShow', 'BlackoutRefused', 'BlackoutLifted']);

function holderOf(event: RecordedEvent): { kind: HolderKind; id: string } {
  const data = event.data as { bookingId?: string; blackoutId?: string };
  return event.streamId.startsWith('booking-') ? { kind: 'booking', id: data.bookingId! } : { kind: 'blackout', id: data.blackoutId! };
}

export async function ensurePlacementTrackingSchema(pool: pg.Pool, schema: string): Promise<void> {
  const sql = await readFile(new URL('./placement-tracking.sql', import.meta.url), 'utf8');
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reserva.${schema}.migrate`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(sql);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/**
 * The process manager's bookkeeping: a placement is in flight from its request until its
 * outcome is recorded; an outcome that frees slots leaves a release due. `stallAfterMs` is how
 * long a placement may stay in flight before the sweeper finishes or compensates it.
 */
export function placementTrackingProjection(stallAfterMs: number): Projection {
  return defineProjection({
    name: 'placement-tracking',
    filter: { streamPrefixes: ['booking-', 'blackout-'], eventTypes: [...new Set([...STARTS_PLACEMENT, ...SETTLES_PLACEMENT, ...FREES_SLOTS])] },
    tables: ['placements_in_flight', 'releases_due'],
    async applyBatch(client, events) {
      for (const event of events) {
        const holder = holderOf(event);
        const placement = (event.data as { placement?: number }).placement ?? 0;
        if (STARTS_PLACEMENT.has(event.type)) {
          await client.query(
            `INSERT INTO placements_in_flight (holder_kind, holder_id, placement, requested_at, correlation_id, request_event, next_check_at)
             VALUES ($1, $2, $3, $4, $5, $6, $4::timestamptz + $7 * interval '1 millisecond')
             ON CONFLICT (holder_kind, holder_id) DO UPDATE SET placement = EXCLUDED.placement, requested_at = EXCLUDED.requested_at,
               correlation_id = EXCLUDED.correlation_id, request_event = EXCLUDED.request_event, next_check_at = EXCLUDED.next_check_at, attempts = 0
             WHERE placements_in_flight.placement < EXCLUDED.placement`,
            [holder.kind, holder.id, placement, event.recordedAt, event.metadata.correlationId, event.id, stallAfterMs],
          );
        }
        if (SETTLES_PLACEMENT.has(event.type)) {
          // A rejection of the request carries no placement number: it ends whatever is in flight.
          await client.query(`DELETE FROM placements_in_flight WHERE holder_kind = $1 AND holder_id = $2 AND ($3 = 0 OR placement <= $3)`, [holder.kind, holder.id, placement]);
        }
        if (FREES_SLOTS.has(event.type)) {
          await client.query(
            `INSERT INTO releases_due (holder_kind, holder_id, correlation_id, cause_event, due_at)
             VALUES ($1, $2, $3, $4, $5::timestamptz + $6 * interval '1 millisecond')
             ON CONFLICT (holder_kind, holder_id) DO UPDATE SET cause_event = EXCLUDED.cause_event, due_at = EXCLUDED.due_at`,
            [holder.kind, holder.id, event.metadata.correlationId, event.id, event.recordedAt, stallAfterMs],
          );
        }
      }
    },
  });
}
