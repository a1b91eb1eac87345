import type pg from 'pg';
import type { AuditedEvent } from '../application/audit-log-reader.js';
import type { BitemporalLog } from '../application/bitemporal-history.js';
import type { LoggedEvent } from '../domain/space-holders.js';

/**
 * Candidate streams come from the placements themselves: a booking's space is named by its
 * BookingRequested (indexed by spaceId) and never changes, its intervals by BookingRequested
 * and every BookingChangeRequested; a blackout's by its BlackoutRequested. A stream none of
 * whose placements covers `at` cannot hold the space then, whatever the system knew.
 */
const SPACE_STREAMS_AROUND = `
WITH bookings AS (
  SELECT stream_id FROM audit.entries
   WHERE event_type = 'BookingRequested' AND event->'data'->>'spaceId' = $1
), candidates AS (
  SELECT p.stream_id FROM audit.entries p
   WHERE p.stream_id IN (SELECT stream_id FROM bookings)
     AND p.event_type IN ('BookingRequested', 'BookingChangeRequested')
     AND (p.event->'data'->>'start')::timestamptz <= $2 AND (p.event->'data'->>'end')::timestamptz > $2
  UNION
  SELECT stream_id FROM audit.entries
   WHERE event_type = 'BlackoutRequested' AND event->'data'->'target'->>'spaceId' = $1
     AND (event->'data'->>'start')::timestamptz <= $2 AND (event->'data'->>'end')::timestamptz > $2
)
SELECT canonical_event FROM audit.entries
 WHERE stream_id = 'space-' || $1 OR stream_id IN (SELECT stream_id FROM candidates)
 ORDER BY seq`;

/** The audit table (schema `audit`), read for bitemporal questions. */
export class PostgresBitemporalLog implements BitemporalLog {
  constructor(private readonly pool: pg.Pool) {}

  async spaceStreamsAround(spaceId: string, at: Date): Promise<LoggedEvent[]> {
    const { rows } = await this.pool.query<{ canonical_event: string }>(SPACE_STREAMS_AROUND, [spaceId, at.toISOString()]);
    return rows.map((r) => {
      const { streamId, revision, type, data, recordedAt } = JSON.parse(r.canonical_event) as AuditedEvent;
      return { streamId, revision, type, data, recordedAt };
    });
  }
}
