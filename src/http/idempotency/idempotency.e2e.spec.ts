import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors.js';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';

const ALICE = { user: 'alice', roles: 'booker' };
const BOB = { user: 'bob', roles: 'booker' };

const aBookingRequest = () => ({ spaceId: randomUUID(), start: '2030-01-07T09:00:00Z', end: '2030-01-07T10:00:00Z', participants: 2 });

describe('Idempotency-Key on POST', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('replays the stored response to a retry and runs the command once', async () => {
    const key = randomUUID();
    const body = aBookingRequest();
    const before = h.bookings.count('requestBooking');
    const first = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    // Same body with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const retry = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body: reordered });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(h.bookings.count('requestBooking') - before).toBe(1);
  });

  it('refuses the same key for a different request with 422', async () => {
    const key = randomUUID();
    await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body: aBookingRequest() });
    const before = h.bookings.count('requestBooking');
    const reused = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body: aBookingRequest() });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reused.body.type).toBe('urn:reserva:problem:idempotency-key-reused');
    expect(h.bookings.count('requestBooking')).toBe(before);
    // Another endpoint is another request too.
    const elsewhere = await h.call('POST', `/api/v1/bookings/${randomUUID()}/cancel`, { ...ALICE, headers: { 'Idempotency-Key': key } });
    expect(elsewhere.status).toBe(422);
  });

  it('scopes keys to the caller', async () => {
    const key = randomUUID();
    const body = aBookingRequest();
    const before = h.bookings.count('requestBooking');
    const alice = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    const bob = await h.call('POST', '/api/v1/bookings', { ...BOB, headers: { 'Idempotency-Key': key }, body });
    expect(bob.status).toBe(201);
    expect(bob.body.id).not.toBe(alice.body.id);
    expect(h.bookings.count('requestBooking') - before).toBe(2);
  });

  it('stores a domain refusal and replays it', async () => {
    const key = randomUUID();
    const body = aBookingRequest();
    h.bookings.nextError = new ConflictError('the slot is taken', [
      { start: body.start, end: body.end, holder: { kind: 'blackout', id: randomUUID() }, targetId: body.spaceId },
    ]);
    const before = h.bookings.count('requestBooking');
    const first = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    const retry = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    expect(first.status).toBe(409);
    expect(retry.status).toBe(409);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(h.bookings.count('requestBooking') - before).toBe(1);
  });

  it('does not store an unexpected failure: the retry runs again', async () => {
    const key = randomUUID();
    const body = aBookingRequest();
    h.bookings.nextError = new Error('database went away');
    const failed = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    const retry = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    expect(failed.status).toBe(500);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers a concurrent duplicate with 409 while the first is in flight', async () => {
    const key = randomUUID();
    const body = aBookingRequest();
    let open!: () => void;
    h.bookings.nextGate = new Promise<void>((resolve) => (open = resolve));
    const before = h.bookings.count('requestBooking');
    const first = h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    while (h.bookings.count('requestBooking') === before) await new Promise((r) => setImmediate(r));
    const duplicate = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': key }, body });
    open();
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.type).toBe('urn:reserva:problem:idempotency-key-in-use');
    expect(duplicate.headers.get('retry-after')).toBe('1');
    expect((await first).status).toBe(201);
    expect(h.bookings.count('requestBooking') - before).toBe(1);
  });

  it('refuses a malformed key', async () => {
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, headers: { 'Idempotency-Key': 'x'.repeat(256) }, body: aBookingRequest() });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });

  it('runs every POST without a key', async () => {
    const body = aBookingRequest();
    const before = h.bookings.count('requestBooking');
    await h.call('POST', '/api/v1/bookings', { ...ALICE, body });
    await h.call('POST', '/api/v1/bookings', { ...ALICE, body });
    expect(h.bookings.count('requestBooking') - before).toBe(2);
  });
});
