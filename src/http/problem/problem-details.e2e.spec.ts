import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError, UnauthenticatedError, ValidationError } from '../../shared/domain/errors.js';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';

const STAFF = { user: 'sam', roles: 'staff' };
const ALICE = { user: 'alice', roles: 'booker' };

const validBooking = () => ({
  spaceId: randomUUID(),
  start: '2030-01-07T09:00:00Z',
  end: '2030-01-07T10:00:00+00:00',
  purpose: 'Planning',
  participants: 4,
  resources: [{ resourceId: randomUUID(), quantity: 2 }],
});

describe('problem+json responses', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, type: string) {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: `urn:reserva:problem:${type}`, status, title: expect.any(String), detail: expect.any(String), instance: expect.any(String) });
  }

  it('names every invalid body field by its path (400)', async () => {
    const body = { ...validBooking(), participants: 0, resources: [{ resourceId: 'nope', quantity: 0 }], colour: 'red' };
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, body });
    expectProblem(res, 400, 'invalid-request');
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['participants', 'resources.0.resourceId', 'resources.0.quantity', 'colour']));
    expect(h.bookings.count('requestBooking')).toBe(0);
  });

  it('names a missing field as required', async () => {
    const { spaceId: _omitted, ...body } = validBooking();
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, body });
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors).toContainEqual({ field: 'spaceId', message: 'is required' });
  });

  it('rejects an end that is not after its start, naming end', async () => {
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, body: { ...validBooking(), end: '2030-01-07T09:00:00Z' } });
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors).toEqual([{ field: 'end', message: 'end must be after start' }]);
  });

  it('rejects instants without an offset', async () => {
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, body: { ...validBooking(), start: '2030-01-07T09:00:00' } });
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['start']);
  });

  it('rejects a resource listed twice, naming the second line', async () => {
    const line = { resourceId: randomUUID(), quantity: 1 };
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, body: { ...validBooking(), resources: [line, line] } });
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['resources.1.resourceId']);
  });

  it('names bad and unknown query parameters', async () => {
    const res = await h.call('GET', '/api/v1/spaces?minCapacity=-1&kind=castle&sort=name', STAFF);
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['kind', 'minCapacity', 'sort']);
  });

  it('asks for both ends of a free-between search', async () => {
    const res = await h.call('GET', '/api/v1/spaces?freeFrom=2030-01-07T09:00:00Z', STAFF);
    expectProblem(res, 400, 'invalid-request');
    expect(res.body.errors).toEqual([{ field: 'freeTo', message: expect.stringContaining('give both or neither') }]);
  });

  it('answers a malformed path id with 400 and an unknown one with 404', async () => {
    const malformed = await h.call('GET', '/api/v1/bookings/not-a-uuid', ALICE);
    expectProblem(malformed, 400, 'invalid-request');
    expect(malformed.body.errors).toEqual([{ field: 'bookingId', message: 'expected a uuid' }]);
    const id = randomUUID();
    const unknown = await h.call('GET', `/api/v1/bookings/${id}`, ALICE);
    expectProblem(unknown, 404, 'not-found');
    expect(unknown.body.instance).toBe(`/api/v1/bookings/${id}`);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, rawBody: '{"spaceId": ', headers: { 'Content-Type': 'application/json' } });
    expectProblem(res, 400, 'malformed-json');
  });

  it('answers a body over the limit with 413', async () => {
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, body: { ...validBooking(), purpose: 'x'.repeat(150_000) } });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, rawBody: 'spaceId=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expectProblem(res, 415, 'unsupported-media-type');
    expect(h.bookings.count('requestBooking')).toBe(0);
  });

  it('answers unknown routes with 404 and a wrong method with 405 and Allow', async () => {
    expectProblem(await h.call('GET', '/api/v1/nothing-here', ALICE), 404, 'not-found');
    expectProblem(await h.call('GET', '/nowhere'), 404, 'not-found');
    const wrongMethod = await h.call('DELETE', `/api/v1/bookings/${randomUUID()}`, ALICE);
    expectProblem(wrongMethod, 405, 'method-not-allowed');
    expect(wrongMethod.headers.get('allow')).toBe('GET, PATCH');
  });

  describe('domain errors from the command side', () => {
    async function requestFailingWith(error: Error) {
      h.bookings.nextError = error;
      return h.call('POST', '/api/v1/bookings', { ...STAFF, body: validBooking() });
    }

    it('maps ValidationError to 422 with its issues', async () => {
      const res = await requestFailingWith(new ValidationError([{ field: 'participants', message: 'exceeds the capacity of 8' }]));
      expectProblem(res, 422, 'rule-violated');
      expect(res.body.errors).toEqual([{ field: 'participants', message: 'exceeds the capacity of 8' }]);
    });

    it('maps ConflictError to 409 with the conflicting intervals', async () => {
      const spaceId = randomUUID();
      const holder = randomUUID();
      const conflict = { start: '2030-01-07T09:30:00.000Z', end: '2030-01-07T11:00:00.000Z', holder: { kind: 'booking' as const, id: holder }, targetId: spaceId };
      const res = await requestFailingWith(new ConflictError('the slot is taken', [conflict]));
      expectProblem(res, 409, 'conflict');
      expect(res.body.conflicts).toEqual([conflict]);
    });

    it('hides which booking holds a conflicting interval from a caller who may not read it', async () => {
      const conflict = { start: '2030-01-07T09:30:00.000Z', end: '2030-01-07T11:00:00.000Z', holder: { kind: 'booking' as const, id: randomUUID() }, targetId: randomUUID() };
      h.bookings.nextError = new ConflictError('the slot is taken', [conflict]);
      const res = await h.call('POST', '/api/v1/bookings', { ...ALICE, body: validBooking() });
      expectProblem(res, 409, 'conflict');
      expect(res.body.conflicts).toEqual([{ start: conflict.start, end: conflict.end, targetId: conflict.targetId, holder: { kind: 'booking' } }]);
    });

    it('maps NotFoundError to 404, ForbiddenError to 403, UnauthenticatedError to 401', async () => {
      expectProblem(await requestFailingWith(new NotFoundError('space', randomUUID())), 404, 'not-found');
      expectProblem(await requestFailingWith(new ForbiddenError('booking.create.others')), 403, 'forbidden');
      const unauthenticated = await requestFailingWith(new UnauthenticatedError('token expired'));
      expectProblem(unauthenticated, 401, 'unauthenticated');
      expect(unauthenticated.headers.get('www-authenticate')).toContain('Bearer');
    });

    it('maps PreconditionFailedError to 412', async () => {
      const res = await requestFailingWith(new PreconditionFailedError(2, 3));
      expectProblem(res, 412, 'precondition-failed');
      expect(res.body.detail).toBe('expected revision 2 but the current revision is 3');
    });

    it('maps anything else to a generic 500, logged but never leaked', async () => {
      const res = await requestFailingWith(new Error('pg: connection refused at 10.0.0.5 password=hunter2'));
      expectProblem(res, 500, 'internal-error');
      expect(JSON.stringify(res.body)).not.toMatch(/hunter2|connection refused|at .*\.ts/);
      const logged = h.logs.find((l) => l.level === 'error' && l.msg === 'request failed');
      expect(logged?.fields).toMatchObject({ method: 'POST', path: '/api/v1/bookings', correlationId: res.headers.get('x-correlation-id') });
      expect(String((logged?.fields?.error as Error).message)).toContain('connection refused');
    });
  });

  it('sends security headers and no x-powered-by', async () => {
    const res = await h.call('GET', '/healthz');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const api = await h.call('GET', '/api/v1/sites', STAFF);
    expect(api.headers.get('cache-control')).toBe('no-store');
  });
});
