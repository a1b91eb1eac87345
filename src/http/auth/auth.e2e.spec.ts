import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';

describe('authentication and permissions', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await startHttpHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 401 problem+json when no principal is presented', async () => {
    const res = await h.call('GET', '/api/v1/bookings');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:reserva:problem:unauthenticated');
    expect(res.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('answers 401 for unknown dev roles and malformed dev user ids, naming the problem', async () => {
    const unknownRole = await h.call('GET', '/api/v1/bookings', { user: 'alice', roles: 'booker,overlord' });
    expect(unknownRole.status).toBe(401);
    expect(unknownRole.body.detail).toContain('overlord');
    const badUser = await h.call('GET', '/api/v1/bookings', { user: 'alice smith' });
    expect(badUser.status).toBe(401);
  });

  it('answers 403 naming the missing permission, before validating the input', async () => {
    const res = await h.call('POST', '/api/v1/sites', { user: 'alice', roles: 'booker', body: { name: '' } });
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('urn:reserva:problem:forbidden');
    expect(res.body.detail).toContain('catalog.manage');
    expect(h.catalog.count('registerSite')).toBe(0);
  });

  it('admits a caller holding any one of the route permissions', async () => {
    // The auditor holds booking.read.any but not booking.read.own.
    const res = await h.call('GET', '/api/v1/bookings', { user: 'audrey', roles: 'auditor' });
    expect(res.status).toBe(200);
  });

  it('leaves public routes open', async () => {
    expect((await h.call('GET', '/healthz')).status).toBe(200);
    expect((await h.call('GET', '/api/openapi.json')).status).toBe(200);
  });

  it('builds the CommandContext from the principal and the request', async () => {
    const res = await h.call('POST', '/api/v1/sites', {
      user: 'sam',
      roles: 'staff',
      headers: { 'X-Correlation-Id': 'trace-42', 'User-Agent': 'reserva-test' },
      body: { name: 'Harbour House', address: '1 Quay St', city: 'Hamburg', latitude: 53.5, longitude: 10, timeZone: 'Europe/Berlin', kind: 'office' },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe('trace-42');
    const ctx = h.catalog.last('registerSite')!.ctx!;
    expect(ctx.actor).toEqual({ id: 'sam', kind: 'user' });
    expect(ctx.permissions.has('catalog.manage')).toBe(true);
    expect(ctx.correlationId).toBe('trace-42');
    expect(ctx.causationId).toBe(res.headers.get('x-request-id'));
    expect(ctx.now.toISOString()).toBe('2030-01-01T08:00:00.000Z');
    expect(ctx.request).toEqual({ ip: '127.0.0.1', userAgent: 'reserva-test' });
    expect(ctx.newId()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces a malformed correlation id with a fresh one', async () => {
    const res = await h.call('GET', '/healthz', { headers: { 'X-Correlation-Id': 'bad id with spaces' } });
    expect(res.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
