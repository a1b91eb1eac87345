import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingDetails } from '../contracts/bookings.contracts.js';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';
import { aBooking } from '../testing/read-model-fixtures.js';

const ALICE = { user: 'alice', roles: 'booker' };
const BOB = { user: 'bob', roles: 'booker' };
const STAFF = { user: 'sam', roles: 'staff' };
const AUDITOR = { user: 'audrey', roles: 'auditor' };

describe('bookings API', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A booking both sides know: the command side (for transitions) and the read side (for GETs). */
  function seedBooking(overrides: Partial<BookingDetails> = {}): BookingDetails {
    const booking = aBooking(overrides);
    h.queries.bookings.push(booking);
    const { id, siteId: _s, timeZone: _t, createdAt: _c, updatedAt: _u, ...rest } = booking;
    h.bookings.bookings.set(id, { bookingId: id, ...rest });
    return booking;
  }

  describe('POST /api/v1/bookings', () => {
    it('answers 201 with the booking, its Location and its ETag', async () => {
      const spaceId = randomUUID();
      const res = await h.call('POST', '/api/v1/bookings', {
        ...ALICE,
        body: { spaceId, start: '2030-01-07T09:00:00Z', end: '2030-01-07T10:00:00Z', participants: 3 },
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        id: expect.any(String),
        spaceId,
        bookerId: 'alice',
        status: 'confirmed',
        start: '2030-01-07T09:00:00Z',
        end: '2030-01-07T10:00:00Z',
        purpose: '',
        participants: 3,
        resources: [],
        revision: 1,
      });
      expect(res.headers.get('location')).toBe(`/api/v1/bookings/${res.body.id}`);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(h.bookings.last('requestBooking')!.args[0]).toEqual({ spaceId, start: '2030-01-07T09:00:00Z', end: '2030-01-07T10:00:00Z', participants: 3, purpose: '', resources: [], private: false });
    });
  });

  describe('reading bookings', () => {
    it('lists only your own bookings without booking.read.any', async () => {
      const mine = seedBooking({ bookerId: 'alice' });
      seedBooking({ bookerId: 'bob' });
      const res = await h.call('GET', '/api/v1/bookings', ALICE);
      expect(res.status).toBe(200);
      expect(res.body.items.map((b: BookingDetails) => b.bookerId)).toEqual(expect.arrayContaining(['alice']));
      expect(res.body.items.every((b: BookingDetails) => b.bookerId === 'alice')).toBe(true);
      expect(res.body.items.map((b: BookingDetails) => b.id)).toContain(mine.id);
      expect(res.body).toMatchObject({ limit: 50, offset: 0 });
    });

    it("refuses to list someone else's bookings without booking.read.any", async () => {
      const res = await h.call('GET', '/api/v1/bookings?bookerId=bob', ALICE);
      expect(res.status).toBe(403);
      expect(res.body.detail).toContain('booking.read.any');
    });

    it('lists anyone’s bookings with booking.read.any, passing the filters on', async () => {
      const spaceId = randomUUID();
      const res = await h.call('GET', `/api/v1/bookings?bookerId=bob&spaceId=${spaceId}&status=confirmed&from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z&limit=10&offset=5`, STAFF);
      expect(res.status).toBe(200);
      expect(h.queries.calls.filter((c) => c.method === 'listBookings').at(-1)!.args[0]).toEqual({
        bookerId: 'bob',
        spaceId,
        status: 'confirmed',
        from: '2030-01-01T00:00:00Z',
        to: '2030-02-01T00:00:00Z',
        limit: 10,
        offset: 5,
      });
    });

    it('shows your own booking with its ETag', async () => {
      const booking = seedBooking({ bookerId: 'alice', revision: 4 });
      const res = await h.call('GET', `/api/v1/bookings/${booking.id}`, ALICE);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(booking);
      expect(res.headers.get('etag')).toBe('"4"');
    });

    it("answers someone else's booking exactly like a missing one", async () => {
      const booking = seedBooking({ bookerId: 'bob' });
      const hidden = await h.call('GET', `/api/v1/bookings/${booking.id}`, ALICE);
      const missingId = randomUUID();
      const missing = await h.call('GET', `/api/v1/bookings/${missingId}`, ALICE);
      expect(hidden.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(hidden.body.detail).toBe(missing.body.detail.replace(missingId, booking.id));
      expect((await h.call('GET', `/api/v1/bookings/${booking.id}`, STAFF)).status).toBe(200);
    });

    it('shows history to the booker and to history readers only', async () => {
      const booking = seedBooking({ bookerId: 'bob' });
      const entries = [
        {
          revision: 0,
          type: 'BookingRequested',
          occurredAt: '2029-12-01T10:00:00.000Z',
          actor: { id: 'bob', kind: 'user' as const },
          correlationId: 'c-1',
          previousStatus: null,
          status: 'placing' as const,
          details: { purpose: 'Planning' },
        },
      ];
      h.queries.history.set(booking.id, entries);
      expect(await h.call('GET', `/api/v1/bookings/${booking.id}/history`, BOB)).toMatchObject({ status: 200, body: { bookingId: booking.id, entries } });
      expect((await h.call('GET', `/api/v1/bookings/${booking.id}/history`, ALICE)).status).toBe(404);
      expect((await h.call('GET', `/api/v1/bookings/${booking.id}/history`, AUDITOR)).status).toBe(200);
    });
  });

  describe('changing bookings', () => {
    it('passes If-Match to the command as the expected revision and answers the new ETag', async () => {
      const booking = seedBooking({ bookerId: 'alice', revision: 1 });
      const res = await h.call('PATCH', `/api/v1/bookings/${booking.id}`, { ...ALICE, headers: { 'If-Match': '"1"' }, body: { participants: 5 } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: booking.id, participants: 5, revision: 2 });
      expect(res.headers.get('etag')).toBe('"2"');
      expect(h.bookings.last('changeBooking')!.args).toEqual([booking.id, { participants: 5 }, 1]);
    });

    it('answers a stale If-Match with 412 from the command', async () => {
      const booking = seedBooking({ bookerId: 'alice', revision: 3 });
      const res = await h.call('PATCH', `/api/v1/bookings/${booking.id}`, { ...ALICE, headers: { 'If-Match': '"2"' }, body: { purpose: 'Retro' } });
      expect(res.status).toBe(412);
      expect(res.body.type).toBe('urn:reserva:problem:precondition-failed');
    });

    it('answers a malformed or weak If-Match with 400 and runs nothing', async () => {
      const booking = seedBooking({ bookerId: 'alice' });
      const before = h.bookings.count('changeBooking');
      for (const ifMatch of ['1', 'W/"1"', '"1", "2"', '"abc"']) {
        const res = await h.call('PATCH', `/api/v1/bookings/${booking.id}`, { ...ALICE, headers: { 'If-Match': ifMatch }, body: { purpose: 'x' } });
        expect(res.status).toBe(400);
        expect(res.body.errors).toEqual([{ field: 'If-Match', message: expect.any(String) }]);
      }
      expect(h.bookings.count('changeBooking')).toBe(before);
    });

    it('treats a missing If-Match or * as no expectation', async () => {
      const booking = seedBooking({ bookerId: 'alice' });
      await h.call('PATCH', `/api/v1/bookings/${booking.id}`, { ...ALICE, body: { purpose: 'x' } });
      expect(h.bookings.last('changeBooking')!.args[2]).toBeUndefined();
      await h.call('PATCH', `/api/v1/bookings/${booking.id}`, { ...ALICE, headers: { 'If-Match': '*' }, body: { purpose: 'y' } });
      expect(h.bookings.last('changeBooking')!.args[2]).toBeUndefined();
    });

    it('refuses an empty change', async () => {
      const booking = seedBooking({ bookerId: 'alice' });
      const res = await h.call('PATCH', `/api/v1/bookings/${booking.id}`, { ...ALICE, body: {} });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'body', message: 'send at least one field to change' }]);
    });

    it('cancels with an optional body', async () => {
      const booking = seedBooking({ bookerId: 'alice' });
      const res = await h.call('POST', `/api/v1/bookings/${booking.id}/cancel`, ALICE);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(h.bookings.last('cancelBooking')!.args).toEqual([booking.id, { reason: '' }, undefined]);
    });

    it('runs each lifecycle transition for callers with its permission', async () => {
      const cases = [
        ['approve', 'approveBooking', 'confirmed'],
        ['reject', 'rejectBooking', 'rejected'],
        ['check-in', 'checkIn', 'checked_in'],
        ['complete', 'completeBooking', 'completed'],
        ['no-show', 'markNoShow', 'no_show'],
      ] as const;
      for (const [segment, method, status] of cases) {
        const booking = seedBooking({ bookerId: 'alice' });
        const res = await h.call('POST', `/api/v1/bookings/${booking.id}/${segment}`, { ...STAFF, headers: { 'If-Match': '"1"' } });
        expect(res.status, segment).toBe(200);
        expect(res.body.status).toBe(status);
        expect(h.bookings.last(method)!.args.at(-1)).toBe(1);
      }
    });

    it('refuses approvals to a booker', async () => {
      const booking = seedBooking({ bookerId: 'alice' });
      const res = await h.call('POST', `/api/v1/bookings/${booking.id}/approve`, { ...ALICE, body: { comment: 'self-approval' } });
      expect(res.status).toBe(403);
      expect(res.body.detail).toContain('booking.approve');
    });
  });
});

describe('read your writes', () => {
  let h: HttpHarness;
  let waits = 0;
  beforeAll(async () => {
    h = await startHttpHarness({
      waitForProjection: async () => {
        waits++;
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('waits for the projection only when a GET asks for strong consistency', async () => {
    await h.call('GET', '/api/v1/bookings', { ...ALICE });
    expect(waits).toBe(0);
    await h.call('GET', '/api/v1/bookings', { ...ALICE, headers: { 'Reserva-Consistency': 'strong' } });
    expect(waits).toBe(1);
  });
});
