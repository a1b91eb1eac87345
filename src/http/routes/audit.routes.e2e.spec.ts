import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { context } from '../../../test/support/write-side.js';
import { withTransaction } from '../../shared/postgres/with-transaction.js';
import type { BookingCommandResult } from '../../booking/application/booking-commands.js';
import { createAuditedWriteSide, type AuditedWriteSide } from '../../audit/testing/audited-write-side.js';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';

const AUDITOR = { user: 'audrey', roles: 'auditor' };
const ALICE = 'alice';
const MANAGER = 'manny';
const PURPOSE = 'Budget, "final" review';
const SLOT = { start: '2026-03-02T09:00:00.000Z', end: '2026-03-02T10:00:00.000Z' };
/** When each transition happened. */
const T = { requested: '2026-02-27T10:00:00.000Z', approved: '2026-02-27T11:00:00.000Z', changed: '2026-02-27T12:00:00.000Z', cancelled: '2026-02-27T13:00:00.000Z' };
const justBefore = (iso: string) => new Date(Date.parse(iso) - 1).toISOString();

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      for (i++; i < text.length; i++) {
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), i++;
        else if (text[i] === '"') break;
        else field += text[i];
      }
    } else if (c === ',') record.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') record.push(field), records.push(record), (record = []), (field = ''), i++;
    else field += c;
  }
  return records;
}

describe('auditor API', () => {
  let ws: AuditedWriteSide;
  let h: HttpHarness;
  let bookingId: string;
  /** What each command answered: the state the time travel must reproduce. */
  const after: Record<keyof typeof T, BookingCommandResult> = {} as never;

  beforeAll(async () => {
    ws = await createAuditedWriteSide();
    after.requested = await ws.bookings.requestBooking({ spaceId: ws.approvalSpaceId, ...SLOT, purpose: PURPOSE, participants: 3, resources: [] }, context(ALICE, ['booker'], T.requested));
    bookingId = after.requested.bookingId;
    after.approved = await ws.bookings.approveBooking(bookingId, { comment: 'ok' }, undefined, context(MANAGER, ['manager'], T.approved));
    after.changed = await ws.bookings.changeBooking(bookingId, { purpose: 'Budget review', participants: 5 }, undefined, context(ALICE, ['booker'], T.changed));
    after.cancelled = await ws.bookings.cancelBooking(bookingId, { reason: 'moved online' }, undefined, context(ALICE, ['booker'], T.cancelled));
    await ws.untilAudited();
    h = await startHttpHarness({ audit: ws.trail });
  });
  afterAll(async () => {
    await h?.close();
    await ws?.close();
  });

  /** As h.call, with the body as text (the harness would read application/x-ndjson as one JSON document). */
  const raw = async (path: string, who: { user?: string; roles?: string } = AUDITOR) => {
    const res = await fetch(h.baseUrl + path, { headers: { ...(who.user ? { 'X-Dev-User': who.user } : {}), ...(who.roles ? { 'X-Dev-Roles': who.roles } : {}) } });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const asOf = (instant: string) => h.call('GET', `/api/v1/audit/bookings/${bookingId}?asOf=${encodeURIComponent(instant)}`, AUDITOR);

  it('rebuilds the booking as it stood just before and at each transition; 404 before it existed', async () => {
    expect((await asOf(justBefore(T.requested))).status).toBe(404);
    const expected: [string, BookingCommandResult][] = [
      [T.requested, after.requested],
      [justBefore(T.approved), after.requested],
      [T.approved, after.approved],
      [justBefore(T.changed), after.approved],
      [T.changed, after.changed],
      [justBefore(T.cancelled), after.changed],
      [T.cancelled, after.cancelled],
      ['2030-01-01T00:00:00Z', after.cancelled],
    ];
    for (const [instant, result] of expected) {
      const res = await asOf(instant);
      expect(res.status, instant).toBe(200);
      expect(res.body.revision, instant).toBe(result.revision);
      expect(res.body.state, instant).toMatchObject({ bookingId, status: result.status, purpose: result.purpose, bookerId: ALICE, spaceId: ws.approvalSpaceId });
      expect(res.body.state.current, instant).toMatchObject({ start: result.start, end: result.end, participants: result.participants });
    }
    expect((await asOf(T.requested)).body).toMatchObject({ asOf: T.requested, lastEventAt: T.requested, state: { status: 'pending_approval', pendingChange: null } });
  });

  it('lists the trail filtered by booking, person, space, actor, type and time, paginated', async () => {
    const byBooking = await h.call('GET', `/api/v1/audit/entries?bookingId=${bookingId}&limit=100`, AUDITOR);
    expect(byBooking.status).toBe(200);
    const bookingEvents = await ws.store.readStream(`booking-${bookingId}`);
    // The booking's own events and the schedule reservations it held and released.
    expect(byBooking.body.items.filter((e: { streamId: string }) => e.streamId === `booking-${bookingId}`).map((e: { eventId: string }) => e.eventId)).toEqual(bookingEvents.map((e) => e.id));
    expect(byBooking.body.items.some((e: { type: string }) => e.type === 'SlotReserved')).toBe(true);
    expect(byBooking.body.items.map((e: { seq: number }) => e.seq)).toEqual([...byBooking.body.items.map((e: { seq: number }) => e.seq)].sort((a, b) => a - b));

    const byManager = await h.call('GET', `/api/v1/audit/entries?actor=${MANAGER}`, AUDITOR);
    expect(byManager.body.items.map((e: { type: string }) => e.type)).toEqual(['BookingApproved']);
    expect(byManager.body.items[0]).toMatchObject({ actor: { id: MANAGER, kind: 'user' }, occurredAt: T.approved, request: null, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    // Alice as the subject: the manager's approval of her booking is hers to see too.
    const byAlice = await h.call('GET', `/api/v1/audit/entries?userId=${ALICE}&eventType=BookingApproved`, AUDITOR);
    expect(byAlice.body.total).toBe(1);
    const bySpace = await h.call('GET', `/api/v1/audit/entries?spaceId=${ws.approvalSpaceId}&eventType=BookingCancelled`, AUDITOR);
    expect(bySpace.body.total).toBe(1);
    const inWindow = await h.call('GET', `/api/v1/audit/entries?bookingId=${bookingId}&from=${T.approved}&to=${T.changed}`, AUDITOR);
    expect(inWindow.body.items.map((e: { occurredAt: string }) => e.occurredAt)).toEqual([T.approved]);

    const page = await h.call('GET', `/api/v1/audit/entries?bookingId=${bookingId}&limit=2&offset=1`, AUDITOR);
    expect(page.body).toMatchObject({ total: byBooking.body.total, limit: 2, offset: 1 });
    expect(page.body.items).toEqual(byBooking.body.items.slice(1, 3));
  });

  it('exports JSON Lines, one parsable entry per line', async () => {
    const res = await raw(`/api/v1/audit/entries?bookingId=${bookingId}&format=jsonl&limit=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = res.text.split('\n');
    expect(lines.pop()).toBe('');
    const listed = await h.call('GET', `/api/v1/audit/entries?bookingId=${bookingId}&limit=200`, AUDITOR);
    expect(lines.map((l) => JSON.parse(l))).toEqual(listed.body.items);
  });

  it('exports CSV with a header row, quoting fields that hold commas and quotes', async () => {
    const res = await raw(`/api/v1/audit/entries?bookingId=${bookingId}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...records] = parseCsv(res.text);
    expect(header).toEqual(['seq', 'eventId', 'streamId', 'revision', 'type', 'occurredAt', 'recordedAt', 'actorId', 'actorKind', 'correlationId', 'causationId', 'request', 'data', 'prevHash', 'hash']);
    const listed = await h.call('GET', `/api/v1/audit/entries?bookingId=${bookingId}&limit=200`, AUDITOR);
    expect(records).toHaveLength(listed.body.total);
    for (const record of records) expect(record).toHaveLength(header!.length);
    const requested = records.find((r) => r[4] === 'BookingRequested')!;
    expect(JSON.parse(requested[12]!).purpose).toBe(PURPOSE);
    expect(res.text).toContain('"Budget, \\""final\\"" review""');
  });

  it('verifies the chain over HTTP and names the first broken entry', async () => {
    const ok = await h.call('GET', '/api/v1/audit/verification', AUDITOR);
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, entries: await ws.eventCount() });

    const { rows } = await ws.pool.query<{ seq: string; event_id: string; canonical_event: string }>(`SELECT seq, event_id, canonical_event FROM audit.entries WHERE event_type = 'BookingCancelled'`);
    const tamper = (text: string) =>
      withTransaction(ws.pool, async (client) => {
        await client.query('SET LOCAL session_replication_role = replica');
        await client.query('UPDATE audit.entries SET canonical_event = $2 WHERE seq = $1', [rows[0]!.seq, text]);
      });
    await tamper(rows[0]!.canonical_event.replace('moved online', 'never happened'));
    const broken = await h.call('GET', '/api/v1/audit/verification', AUDITOR);
    expect(broken.body).toMatchObject({ ok: false, broken: { seq: Number(rows[0]!.seq), eventId: rows[0]!.event_id, reason: 'hash' } });
    await tamper(rows[0]!.canonical_event);
    expect((await h.call('GET', '/api/v1/audit/verification', AUDITOR)).body.ok).toBe(true);
  });

  it('documents the auditor endpoints in a valid OpenAPI document', async () => {
    const doc = (await h.call('GET', '/api/openapi.json')).body;
    expect(await new Validator().validate(structuredClone(doc))).toMatchObject({ valid: true });
    expect(doc.paths['/api/v1/audit/bookings/{bookingId}'].get).toMatchObject({ operationId: 'getBookingAsOf', 'x-permissions': ['audit.read'], 'x-permission-scope': 'global' });
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/audit'))).toHaveLength(3);
  });

  it('answers 403 to anyone without audit.read everywhere, and 401 without credentials', async () => {
    const paths = [
      '/api/v1/audit/entries',
      '/api/v1/audit/entries?format=jsonl',
      '/api/v1/audit/entries?format=csv',
      '/api/v1/audit/verification',
      `/api/v1/audit/bookings/${bookingId}?asOf=${T.changed}`,
    ];
    for (const path of paths) {
      for (const roles of ['booker', 'staff', 'manager']) {
        const res = await h.call('GET', path, { user: 'nosy', roles });
        expect(res.status, `${roles} ${path}`).toBe(403);
        expect(res.body.detail).toContain('audit.read');
      }
      expect((await h.call('GET', path)).status, path).toBe(401);
      expect((await raw(path, { user: 'root', roles: 'admin' })).status, path).toBe(200);
    }
  });
});
