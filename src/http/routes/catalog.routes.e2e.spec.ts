import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Site } from '../contracts/sites.contracts.js';
import { startHttpHarness, type HttpHarness } from '../testing/http-harness.js';
import { aResource, aSite, aSpace } from '../testing/read-model-fixtures.js';

const STAFF = { user: 'sam', roles: 'staff' };
const ALICE = { user: 'alice', roles: 'booker' };

const policy = {
  openingHours: { mon: [{ open: 480, close: 1080 }], tue: [{ open: 480, close: 1080 }] },
  slotMinutes: 15,
  minDurationMinutes: 30,
  maxDurationMinutes: 240,
  maxAdvanceDays: 90,
  bufferMinutes: 10,
  changeDeadlineMinutes: 60,
  approvalRequired: false,
};

describe('catalog API', () => {
  let h: HttpHarness;
  let ready = true;
  beforeAll(async () => {
    h = await startHttpHarness({ readiness: async () => ready });
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('sites', () => {
    const site = { name: 'Harbour House', address: '1 Quay St', city: 'Hamburg', latitude: 53.54, longitude: 9.98, timeZone: 'Europe/Berlin', kind: 'office' };

    it('registers a site: 201, Location, ETag', async () => {
      const res = await h.call('POST', '/api/v1/sites', { ...STAFF, body: site });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), revision: 0 });
      expect(res.headers.get('location')).toBe(`/api/v1/sites/${res.body.id}`);
      expect(res.headers.get('etag')).toBe('"0"');
      expect(h.catalog.last('registerSite')!.args[0]).toEqual(site);
    });

    it('refuses an unknown time zone and out-of-range coordinates, naming them', async () => {
      const res = await h.call('POST', '/api/v1/sites', { ...STAFF, body: { ...site, timeZone: 'Mars/Olympus', latitude: 91 } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['latitude', 'timeZone']);
    });

    it('refuses to change the time zone of a site', async () => {
      const res = await h.call('PATCH', `/api/v1/sites/${randomUUID()}`, { ...STAFF, body: { timeZone: 'Europe/Paris' } });
      expect(res.status).toBe(400);
      expect(res.body.errors).toContainEqual({ field: 'timeZone', message: 'is not a known field' });
    });

    it('updates with If-Match and answers 412 when it is stale', async () => {
      const created = await h.call('POST', '/api/v1/sites', { ...STAFF, body: site });
      const ok = await h.call('PATCH', `/api/v1/sites/${created.body.id}`, { ...STAFF, headers: { 'If-Match': '"0"' }, body: { name: 'Harbour Hall' } });
      expect(ok).toMatchObject({ status: 200, body: { id: created.body.id, revision: 1 } });
      expect(ok.headers.get('etag')).toBe('"1"');
      const stale = await h.call('PATCH', `/api/v1/sites/${created.body.id}`, { ...STAFF, headers: { 'If-Match': '"0"' }, body: { name: 'Other' } });
      expect(stale.status).toBe(412);
    });

    it('reads sites from the read model, with the ETag of one site', async () => {
      const stored = aSite({ city: 'Lisbon', revision: 7 });
      h.queries.sites.push(stored);
      const list = await h.call('GET', '/api/v1/sites?city=Lisbon', ALICE);
      expect(list.body).toEqual({ items: [stored], total: 1, limit: 50, offset: 0 });
      const one = await h.call('GET', `/api/v1/sites/${stored.id}`, ALICE);
      expect(one.body).toEqual(stored);
      expect(one.headers.get('etag')).toBe('"7"');
      expect((await h.call('GET', `/api/v1/sites/${randomUUID()}`, ALICE)).status).toBe(404);
    });

    it('never sends a read model row that breaks the contract (500, logged)', async () => {
      const broken = { ...aSite(), latitude: 'north' } as unknown as Site;
      h.queries.sites.push(broken);
      const res = await h.call('GET', `/api/v1/sites/${broken.id}`, ALICE);
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('north');
      expect(h.logs.some((l) => String((l.fields?.error as Error | undefined)?.message).includes('getSite breaks its contract: latitude'))).toBe(true);
    });
  });

  describe('spaces', () => {
    const space = () => ({ siteId: randomUUID(), name: 'Elbe', kind: 'meeting_room', capacity: 8, policy });

    it('creates a space with defaults for the optional lists', async () => {
      const body = space();
      const res = await h.call('POST', '/api/v1/spaces', { ...STAFF, body });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/api/v1/spaces/${res.body.id}`);
      expect(h.catalog.last('createSpace')!.args[0]).toEqual({ ...body, amenities: [], photoUrls: [], description: '' });
    });

    it('names the policy fields that are inconsistent', async () => {
      const bad = { ...policy, openingHours: { mon: [{ open: 600, close: 540 }], someday: [] } };
      const res = await h.call('POST', '/api/v1/spaces', { ...STAFF, body: { ...space(), policy: bad } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['policy.openingHours.mon.0.close', 'policy.openingHours.someday']);
      const res2 = await h.call('POST', '/api/v1/spaces', { ...STAFF, body: { ...space(), policy: { ...policy, maxDurationMinutes: 10 } } });
      expect(res2.body.errors).toEqual([{ field: 'policy.maxDurationMinutes', message: 'must be at least minDurationMinutes' }]);
    });

    it('changes the policy and retires with If-Match', async () => {
      const created = await h.call('POST', '/api/v1/spaces', { ...STAFF, body: space() });
      const changed = await h.call('PATCH', `/api/v1/spaces/${created.body.id}`, { ...STAFF, headers: { 'If-Match': '"0"' }, body: { policy: { ...policy, approvalRequired: true } } });
      expect(changed.status).toBe(200);
      expect(h.catalog.last('updateSpace')!.args).toEqual([created.body.id, { policy: { ...policy, approvalRequired: true } }, 0]);
      const retired = await h.call('POST', `/api/v1/spaces/${created.body.id}/retire`, { ...STAFF, headers: { 'If-Match': '"1"' } });
      expect(retired).toMatchObject({ status: 200, body: { revision: 2 } });
      expect((await h.call('POST', `/api/v1/spaces/${created.body.id}/retire`, { ...STAFF, headers: { 'If-Match': '"1"' } })).status).toBe(412);
    });

    it('passes the search filters on, splitting the amenities list', async () => {
      const siteId = randomUUID();
      const res = await h.call(
        'GET',
        `/api/v1/spaces?siteId=${siteId}&city=Hamburg&kind=hall&minCapacity=20&amenities=screen,%20whiteboard&freeFrom=2030-01-07T09:00:00Z&freeTo=2030-01-07T11:00:00Z`,
        ALICE,
      );
      expect(res.status).toBe(200);
      expect(h.queries.calls.filter((c) => c.method === 'listSpaces').at(-1)!.args[0]).toEqual({
        siteId,
        city: 'Hamburg',
        kind: 'hall',
        minCapacity: 20,
        amenities: ['screen', 'whiteboard'],
        freeFrom: '2030-01-07T09:00:00Z',
        freeTo: '2030-01-07T11:00:00Z',
        limit: 50,
        offset: 0,
      });
    });

    it('answers availability for a known space within 62 days', async () => {
      const stored = aSpace();
      h.queries.spaces.push(stored);
      h.queries.availability = {
        busy: [{ start: '2030-01-07T09:00:00.000Z', end: '2030-01-07T10:10:00.000Z' }],
        closed: [{ start: '2030-01-07T17:00:00.000Z', end: '2030-01-08T07:00:00.000Z' }],
        free: [{ start: '2030-01-07T10:10:00.000Z', end: '2030-01-07T17:00:00.000Z' }],
      };
      const res = await h.call('GET', `/api/v1/spaces/${stored.id}/availability?from=2030-01-07T07:00:00Z&to=2030-01-08T07:00:00Z`, ALICE);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ spaceId: stored.id, from: '2030-01-07T07:00:00Z', to: '2030-01-08T07:00:00Z', ...h.queries.availability });

      const tooLong = await h.call('GET', `/api/v1/spaces/${stored.id}/availability?from=2030-01-01T00:00:00Z&to=2030-03-15T00:00:00Z`, ALICE);
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.errors).toEqual([{ field: 'to', message: 'the range may span at most 62 days' }]);

      const missing = await h.call('GET', `/api/v1/spaces/${stored.id}/availability?from=2030-01-01T00:00:00Z`, ALICE);
      expect(missing.body.errors).toEqual([{ field: 'to', message: 'is required' }]);

      expect((await h.call('GET', `/api/v1/spaces/${randomUUID()}/availability?from=2030-01-07T07:00:00Z&to=2030-01-08T07:00:00Z`, ALICE)).status).toBe(404);
    });
  });

  describe('resources', () => {
    it('creates, lists by site, reads, updates and retires', async () => {
      const siteId = randomUUID();
      const created = await h.call('POST', '/api/v1/resources', { ...STAFF, body: { siteId, name: 'Projector', category: 'equipment', quantity: 4 } });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/api/v1/resources/${created.body.id}`);
      const stored = aResource({ siteId });
      h.queries.resources.push(stored);
      expect((await h.call('GET', `/api/v1/resources?siteId=${siteId}&category=equipment`, ALICE)).body.items).toEqual([stored]);
      expect((await h.call('GET', `/api/v1/resources/${stored.id}`, ALICE)).headers.get('etag')).toBe('"0"');
      expect((await h.call('PATCH', `/api/v1/resources/${created.body.id}`, { ...STAFF, body: { quantity: 0 } })).body.errors[0].field).toBe('quantity');
      expect((await h.call('PATCH', `/api/v1/resources/${created.body.id}`, { ...STAFF, body: { quantity: 6 } })).status).toBe(200);
      expect((await h.call('POST', `/api/v1/resources/${created.body.id}/retire`, STAFF)).status).toBe(200);
    });
  });

  describe('blackouts', () => {
    it('declares a blackout of some units of a resource', async () => {
      const resourceId = randomUUID();
      const body = { target: { kind: 'resource', resourceId, quantity: 2 }, start: '2030-01-07T09:00:00Z', end: '2030-01-08T09:00:00Z', reason: 'Service' };
      const res = await h.call('POST', '/api/v1/blackouts', { ...STAFF, body });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"0"');
      expect(h.catalog.last('declareBlackout')!.args[0]).toEqual(body);
    });

    it('names a bad target and an empty reason', async () => {
      const res = await h.call('POST', '/api/v1/blackouts', {
        ...STAFF,
        body: { target: { kind: 'space' }, start: '2030-01-07T09:00:00Z', end: '2030-01-08T09:00:00Z', reason: ' ' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['reason', 'target.spaceId']);
    });

    it('needs blackout.manage to declare and lifts with a reason', async () => {
      const body = { target: { kind: 'space', spaceId: randomUUID() }, start: '2030-01-07T09:00:00Z', end: '2030-01-08T09:00:00Z', reason: 'Paint' };
      expect((await h.call('POST', '/api/v1/blackouts', { ...ALICE, body })).status).toBe(403);
      const created = await h.call('POST', '/api/v1/blackouts', { ...STAFF, body });
      expect((await h.call('POST', `/api/v1/blackouts/${created.body.id}/lift`, STAFF)).body.errors).toEqual([{ field: 'reason', message: 'is required' }]);
      const lifted = await h.call('POST', `/api/v1/blackouts/${created.body.id}/lift`, { ...STAFF, body: { reason: 'Done early' } });
      expect(lifted).toMatchObject({ status: 200, body: { id: created.body.id, revision: 1 } });
    });

    it('lists blackouts with filters', async () => {
      const spaceId = randomUUID();
      const res = await h.call('GET', `/api/v1/blackouts?spaceId=${spaceId}&status=declared`, ALICE);
      expect(res.status).toBe(200);
      expect(h.queries.calls.filter((c) => c.method === 'listBlackouts').at(-1)!.args[0]).toEqual({ spaceId, status: 'declared', limit: 50, offset: 0 });
    });
  });

  describe('health', () => {
    it('answers liveness and readiness', async () => {
      expect(await h.call('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
      expect(await h.call('GET', '/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
      ready = false;
      const notReady = await h.call('GET', '/readyz');
      ready = true;
      expect(notReady.status).toBe(503);
      expect(notReady.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });
});
