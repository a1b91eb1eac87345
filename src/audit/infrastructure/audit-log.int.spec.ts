import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '../../../test/support/write-side.js';
import { withTransaction } from '../../shared/postgres/with-transaction.js';
import { replayBookings } from '../application/replay-bookings.js';
import { createAuditedWriteSide, type AuditedWriteSide } from '../testing/audited-write-side.js';
import { appendToAuditLog } from './audit-log-consumer.js';

const run = promisify(execFile);
const at = (hhmm: string) => `2026-03-02T${hhmm}:00.000Z`;

describe('audit log: relay → in-process bus → hash-chained audit table', () => {
  let ws: AuditedWriteSide;
  const bookingIds: string[] = [];

  beforeAll(async () => {
    ws = await createAuditedWriteSide();
    // Several bookings with several transitions each, so streams interleave across partitions.
    for (let i = 0; i < 4; i++) {
      const alice = context(`alice-${i}`, ['booker'], '2026-02-27T10:00:00Z');
      const booking = await ws.bookings.requestBooking({ spaceId: ws.spaceId, start: at(`${10 + i}:00`), end: at(`${10 + i}:30`), purpose: `Meeting ${i}`, participants: 2, resources: [] }, alice);
      await ws.bookings.changeBooking(booking.bookingId, { purpose: `Meeting ${i}, moved` }, undefined, context(`alice-${i}`, ['booker'], '2026-02-27T11:00:00Z'));
      if (i % 2 === 0) await ws.bookings.cancelBooking(booking.bookingId, { reason: 'not needed' }, undefined, context(`alice-${i}`, ['booker'], '2026-02-27T12:00:00Z'));
      bookingIds.push(booking.bookingId);
    }
    await ws.untilAudited();
  });
  afterAll(() => ws?.close());

  const rows = async () =>
    (await ws.pool.query<{ seq: string; event_id: string; stream_id: string; canonical_event: string }>('SELECT seq, event_id, stream_id, canonical_event FROM audit.entries ORDER BY seq')).rows;

  /** Tampers as a superuser would: with the append-only trigger switched off for this transaction. */
  const asSuperuser = (sql: string, params: unknown[] = []) =>
    withTransaction(ws.pool, async (client) => {
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(sql, params);
    });

  it('holds every event once, each stream in revision order, chained from seq 1 without gaps', async () => {
    const entries = await rows();
    const events = await ws.store.readAll({ maxCount: 10_000 });
    expect(entries.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(entries.map((e) => Number(e.seq))).toEqual(entries.map((_, i) => i + 1));
    for (const stream of new Set(entries.map((e) => e.stream_id))) {
      const revisions = entries.filter((e) => e.stream_id === stream).map((e) => JSON.parse(e.canonical_event).revision);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
    expect(await ws.log.verify()).toEqual({ ok: true, entries: events.length });
  });

  it('appends an event already in the log no second time', async () => {
    const [first] = await ws.store.readStream(`booking-${bookingIds[0]}`);
    const before = (await rows()).length;
    await withTransaction(ws.pool, (client) => appendToAuditLog(client, [first!]));
    expect(await rows()).toHaveLength(before);
    expect((await ws.log.verify()).ok).toBe(true);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    for (const sql of ["UPDATE audit.entries SET actor_id = 'x'", 'DELETE FROM audit.entries WHERE seq = 1', 'TRUNCATE audit.entries']) {
      await expect(ws.pool.query(sql)).rejects.toThrow(/append-only/);
    }
  });

  it('detects an updated row at that row, and is whole again once it is put back', async () => {
    const target = (await rows()).find((r) => r.canonical_event.includes('Meeting 2'))!;
    const seq = Number(target.seq);
    await asSuperuser('UPDATE audit.entries SET canonical_event = replace(canonical_event, $2, $3) WHERE seq = $1', [target.seq, 'Meeting', 'Meating']);
    const broken = await ws.log.verify();
    expect(broken).toMatchObject({ ok: false, entries: seq - 1, broken: { seq, eventId: target.event_id, reason: 'hash' } });

    await asSuperuser('UPDATE audit.entries SET canonical_event = $2 WHERE seq = $1', [target.seq, target.canonical_event]);
    await asSuperuser("UPDATE audit.entries SET actor_id = 'mallory' WHERE seq = $1", [target.seq]);
    expect(await ws.log.verify()).toMatchObject({ ok: false, broken: { seq, reason: 'columns' } });
    await asSuperuser(`UPDATE audit.entries SET actor_id = $2 WHERE seq = $1`, [target.seq, JSON.parse(target.canonical_event).metadata.actor.id]);
    expect((await ws.log.verify()).ok).toBe(true);
  });

  it('detects a deleted row at its seq, also the last one, and `npm run verify-audit-log` exits 1 naming it', async () => {
    const all = await rows();
    const saved = (await ws.pool.query('SELECT * FROM audit.entries WHERE seq IN ($1, $2) ORDER BY seq', [all[3]!.seq, all.at(-1)!.seq])).rows;
    const restore = async () => {
      for (const r of saved) {
        await asSuperuser(
          `INSERT INTO audit.entries (seq, event_id, stream_id, event_type, occurred_at, actor_id, correlation_id, causation_id, request, canonical_event, prev_hash, hash, written_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
          [r.seq, r.event_id, r.stream_id, r.event_type, r.occurred_at, r.actor_id, r.correlation_id, r.causation_id, r.request, r.canonical_event, r.prev_hash, r.hash, r.written_at],
        );
      }
    };

    await asSuperuser('DELETE FROM audit.entries WHERE seq = $1', [all[3]!.seq]);
    expect(await ws.log.verify()).toMatchObject({ ok: false, entries: 3, broken: { seq: 4, reason: 'missing' } });
    const cli = await run(process.execPath, ['--import', 'tsx', 'src/main/verify-audit-log.ts'], {
      env: { ...process.env, DATABASE_URL: ws.db.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    }).catch((error: { code: number; stdout: string }) => error);
    expect(cli).toMatchObject({ code: 1 });
    expect(JSON.parse(cli.stdout)).toMatchObject({ ok: false, broken: { seq: 4, reason: 'missing' } });
    await restore();

    await asSuperuser('DELETE FROM audit.entries WHERE seq = $1', [all.at(-1)!.seq]);
    expect(await ws.log.verify()).toMatchObject({ ok: false, broken: { seq: all.length, reason: 'missing' } });
    await restore();

    expect(await ws.log.verify()).toEqual({ ok: true, entries: all.length });
    const ok = await run(process.execPath, ['--import', 'tsx', 'src/main/verify-audit-log.ts'], { env: { ...process.env, DATABASE_URL: ws.db.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' } });
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, entries: all.length });
  });

  it('replays every booking from position zero and reconciles the statuses with a read model', async () => {
    const [cancelled, confirmed] = bookingIds;
    const readModel = new Map([[cancelled!, 'cancelled'], [confirmed!, 'cancelled'], [bookingIds[2]!, 'cancelled'], ['ghost', 'confirmed']]);
    const summary = await replayBookings(ws.store, async () => readModel, 3);
    expect(summary).toMatchObject({
      bookings: 4,
      bookingsByStatus: { cancelled: 2, confirmed: 2 },
      eventsByType: { BookingRequested: 4, BookingConfirmed: 4, BookingChangeRequested: 4, BookingChanged: 4, BookingCancelled: 2 },
      unknownToLog: ['ghost'],
    });
    expect(summary.events).toBe(18);
    expect(summary.mismatches).toEqual(
      expect.arrayContaining([{ bookingId: confirmed, replayed: 'confirmed', readModel: 'cancelled' }, { bookingId: bookingIds[3], replayed: 'confirmed', readModel: null }]),
    );
    expect(summary.mismatches).toHaveLength(2);
  });

  it('chains events from any number of concurrent appenders into one unbroken chain', async () => {
    const [template] = await ws.store.readStream(`booking-${bookingIds[0]}`);
    await Promise.all(
      Array.from({ length: 12 }, () => withTransaction(ws.pool, (client) => appendToAuditLog(client, [{ ...template!, id: randomUUID(), streamId: `booking-${randomUUID()}` }]))),
    );
    expect((await ws.log.verify()).ok).toBe(true);
  });
});
