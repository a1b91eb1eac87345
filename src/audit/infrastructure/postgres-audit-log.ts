import type pg from 'pg';
import type { AuditFilter, AuditLogReader, AuditRecord, AuditedEvent } from '../application/audit-log-reader.js';
import { CHAIN_START, checkEntry, type AuditVerification, type ChainCursor, type ChainEntry } from '../domain/audit-chain.js';

const BATCH = 500;

interface EntryRow {
  seq: string;
  event_id: string;
  stream_id: string;
  event_type: string;
  occurred_at: Date;
  actor_id: string;
  correlation_id: string;
  causation_id: string;
  request: unknown;
  canonical_event: string;
  prev_hash: string;
  hash: string;
}

/** The audit table in schema `audit` (ensureAuditSchema). */
export class PostgresAuditLog implements AuditLogReader {
  constructor(private readonly pool: pg.Pool) {}

  async list(filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ records: AuditRecord[]; total: number }> {
    const { where, params } = whereOf(filter);
    const [rows, count] = await Promise.all([
      this.pool.query<EntryRow>(`SELECT * FROM audit.entries WHERE ${where} ORDER BY seq LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [...params, page.limit, page.offset]),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.entries WHERE ${where}`, params),
    ]);
    return { records: rows.rows.map(recordOf), total: count.rows[0]!.n };
  }

  async *scan(filter: AuditFilter): AsyncIterable<AuditRecord[]> {
    const { where, params } = whereOf(filter);
    for (let after = '0'; ; ) {
      const { rows } = await this.pool.query<EntryRow>(
        `SELECT * FROM audit.entries WHERE ${where} AND seq > $${params.length + 1} ORDER BY seq LIMIT ${BATCH}`,
        [...params, after],
      );
      if (rows.length === 0) return;
      yield rows.map(recordOf);
      after = rows[rows.length - 1]!.seq;
    }
  }

  /** One snapshot of the whole table (REPEATABLE READ), read in seq order a batch at a time. */
  async verify(): Promise<AuditVerification> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      let cursor: ChainCursor = CHAIN_START;
      for (;;) {
        const { rows } = await client.query<EntryRow>(`SELECT * FROM audit.entries WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`, [cursor.seq]);
        if (rows.length === 0) break;
        for (const row of rows) {
          const checked = checkEntry(cursor, entryOf(row));
          if ('broken' in checked) return { ok: false, entries: cursor.seq, broken: checked.broken };
          cursor = checked.cursor;
        }
      }
      // The head names the last entry appended: one missing or rewritten at the very end shows here.
      const head = (await client.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit.chain_head WHERE id')).rows[0];
      if (head && Number(head.seq) > cursor.seq) return { ok: false, entries: cursor.seq, broken: { seq: cursor.seq + 1, eventId: null, reason: 'missing', expectedHash: null, storedHash: null } };
      if (head && head.hash !== cursor.hash) {
        return { ok: false, entries: cursor.seq - 1, broken: { seq: cursor.seq, eventId: null, reason: 'hash', expectedHash: head.hash, storedHash: cursor.hash } };
      }
      return { ok: true, entries: cursor.seq };
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
    }
  }
}

function entryOf(row: EntryRow): ChainEntry {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    streamId: row.stream_id,
    eventType: row.event_type,
    occurredAt: row.occurred_at.toISOString(),
    actorId: row.actor_id,
    correlationId: row.correlation_id,
    causationId: row.causation_id,
    request: row.request,
    canonicalEvent: row.canonical_event,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function recordOf(row: EntryRow): AuditRecord {
  return { seq: Number(row.seq), event: JSON.parse(row.canonical_event) as AuditedEvent, prevHash: row.prev_hash, hash: row.hash };
}

/** Booking streams a person booked or a space hosted, found from their BookingRequested entries. */
const bookingStreamsWhere = (field: 'bookerId' | 'spaceId', param: string) =>
  `stream_id IN (SELECT b.stream_id FROM audit.entries b WHERE b.event_type = 'BookingRequested' AND b.event->'data'->>'${field}' = ${param})`;

function whereOf(filter: AuditFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  const clauses: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (filter.bookingId !== undefined) {
    const b = p(filter.bookingId);
    clauses.push(
      `(stream_id = 'booking-' || ${b} OR event->'data'->>'bookingId' = ${b} OR (event->'data'->'holder'->>'kind' = 'booking' AND event->'data'->'holder'->>'id' = ${b})` +
        ` OR (event_type = 'SlotReleased' AND starts_with(event->'data'->>'reservationId', ${b} || '#')))`,
    );
  }
  if (filter.userId !== undefined) {
    const u = p(filter.userId);
    clauses.push(`(actor_id = ${u} OR stream_id IN ('user-' || ${u}, 'login-' || ${u}) OR event->'data'->>'userId' = ${u} OR ${bookingStreamsWhere('bookerId', u)})`);
  }
  if (filter.spaceId !== undefined) {
    const s = p(filter.spaceId);
    clauses.push(`(stream_id = 'space-' || ${s} OR event->'data'->>'spaceId' = ${s} OR event->'data'->>'targetId' = ${s} OR ${bookingStreamsWhere('spaceId', s)})`);
  }
  if (filter.actorId !== undefined) clauses.push(`actor_id = ${p(filter.actorId)}`);
  if (filter.eventType !== undefined) clauses.push(`event_type = ${p(filter.eventType)}`);
  if (filter.from !== undefined) clauses.push(`occurred_at >= ${p(filter.from)}`);
  if (filter.to !== undefined) clauses.push(`occurred_at < ${p(filter.to)}`);
  return { where: clauses.length === 0 ? 'true' : clauses.join(' AND '), params };
}
