import { ifMatch } from '../../api/client.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { futureMonday } from '../../../../test/support/future-day.js';
import { startTestServer, type Client, type TestServer } from '../../../../test/support/test-server.js';
import { signedInClient } from '../../testing/api-clients.js';
import { instantFromDateAndTime } from '../../time/datetime-local.js';
import { addDays } from '../../time/zoned-time.js';
import { hasRevision, isListed, until } from './admin-api.js';
import { apiApprovalsPort } from './approvals-port.js';
import { blackoutValues, declareBlackoutBody } from './blackout-form.js';
import { policyFromValues, policyValues } from './booking-policy.js';
import { grantRoleBody } from './grant-form.js';
import { createResourceBody, resourceValues, updateResourceBody } from './resource-form.js';
import { newRoleBody, roleChangeBody, roleValues } from './role-form.js';
import { registerSiteBody, siteValues, updateSiteBody } from './site-form.js';
import { createSpaceBody, spaceValues, updateSpaceBody } from './space-form.js';

/** What a form gave, or the test fails naming the complaints. */
function body<T>(result: { body?: T; errors?: Record<string, unknown> }): T {
  expect(result.errors).toBeUndefined();
  return result.body!;
}

const ZONE = 'America/Sao_Paulo';

/** The request bodies the staff and admin forms build, sent to the real API: each is accepted. */
describe('admin forms against the real API', () => {
  let server: TestServer;
  let admin: Client;
  const monday = futureMonday();
  const ids = { site: '', space: '', resource: '', booking: '', clerk: randomUUID(), booker: randomUUID(), reader: randomUUID() };
  const strong = { strong: true };
  /** A catalogue entity once the read model has the write (listed when new, at its revision when changed), waited for as the pages do. */
  const read = async (path: string, written: { id: string; revision: number }, listed?: { path: string; query: Record<string, string> }) => {
    const client = await signedInClient(server, ids.reader, ['viewer']);
    await until(listed ? isListed(listed.path, listed.query, written.id, client) : hasRevision(path, written.revision, client));
    return (await admin('GET', `/api/v1${path}`)).body;
  };

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
  });
  afterAll(() => server?.close());

  it('registers a site and changes it with If-Match', async () => {
    const values = { ...siteValues(undefined, ZONE), name: 'Hotel Paulista Norte', kind: 'hotel' as const, address: 'Av. Paulista 900', city: 'São Paulo', latitude: '-23,56', longitude: '-46.65' };
    const created = await admin('POST', '/api/v1/sites', { body: body(registerSiteBody(values)) });
    expect(created.status).toBe(201);
    ids.site = created.body.id;

    const site = await read(`/sites/${ids.site}`, created.body, { path: '/sites', query: {} });
    expect(site).toMatchObject({ name: 'Hotel Paulista Norte', latitude: -23.56, timeZone: ZONE });
    const patch = body(updateSiteBody({ ...siteValues(site, 'UTC'), name: 'Hotel Paulista' }, site));
    expect(patch).toEqual({ name: 'Hotel Paulista' });
    expect((await admin('PATCH', `/api/v1/sites/${ids.site}`, { body: patch, headers: ifMatch(site.revision) })).status).toBe(200);
  });

  it('creates a space, then saves its booking policy and details; a stale revision answers 412', async () => {
    const created = await admin('POST', '/api/v1/spaces', { body: body(createSpaceBody({ ...spaceValues(), name: 'Sala Ipê', capacity: '12', amenities: ['Video conferencing'] }, ids.site)) });
    expect(created.status).toBe(201);
    ids.space = created.body.id;
    const space = await read(`/spaces/${ids.space}`, created.body, { path: '/spaces', query: { siteId: ids.site } });
    expect(space.amenities).toEqual(['video_conferencing']);

    const values = policyValues(space.policy);
    const policy = body(
      policyFromValues({
        ...values,
        hours: { ...values.hours, sat: [{ open: '10:00', close: '00:00' }], mon: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '20:00' }] },
        slotMinutes: '30',
        minDurationMinutes: '60',
        maxDurationMinutes: '240',
        maxAdvanceDays: '60',
        bufferMinutes: '15',
        changeDeadlineMinutes: '120',
        approvalRequired: true,
      }),
    );
    const saved = await admin('PATCH', `/api/v1/spaces/${ids.space}`, { body: { policy }, headers: ifMatch(space.revision) });
    expect(saved.status).toBe(200);
    expect((await read(`/spaces/${ids.space}`, saved.body)).policy).toEqual(policy);

    const details = body(updateSpaceBody({ ...spaceValues(space), description: 'Quiet room', photoUrls: '/media/ipe.jpg\nhttps://example.org/ipe-2.jpg' }, space));
    expect((await admin('PATCH', `/api/v1/spaces/${ids.space}`, { body: details, headers: ifMatch(space.revision) })).status).toBe(412);
    expect((await admin('PATCH', `/api/v1/spaces/${ids.space}`, { body: details, headers: ifMatch(saved.body.revision) })).status).toBe(200);
  });

  it('creates a resource and changes its stock', async () => {
    const created = await admin('POST', '/api/v1/resources', { body: body(createResourceBody({ ...resourceValues(), name: 'Projector', quantity: '3' }, ids.site)) });
    expect(created.status).toBe(201);
    ids.resource = created.body.id;
    const resource = await read(`/resources/${ids.resource}`, created.body, { path: '/resources', query: { siteId: ids.site } });
    const patch = body(updateResourceBody({ ...resourceValues(resource), quantity: '5' }, resource));
    expect(patch).toEqual({ quantity: 5 });
    expect((await admin('PATCH', `/api/v1/resources/${ids.resource}`, { body: patch, headers: ifMatch(resource.revision) })).status).toBe(200);
  });

  it('places a booking that waits for approval (the policy asks for it)', async () => {
    const booker = server.as(ids.booker, ['booker']);
    const res = await booker('POST', '/api/v1/bookings', {
      body: { spaceId: ids.space, start: instantFromDateAndTime(monday, '10:00', ZONE), end: instantFromDateAndTime(monday, '11:00', ZONE), purpose: 'Supplier visit', participants: 6 },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('pending_approval');
    ids.booking = res.body.id;
  });

  it('declares blackouts in the site’s time, lifts one, and shows the bookings one would hit', async () => {
    const tuesday = addDays(monday, 1);
    const ofResource = body(declareBlackoutBody({ ...blackoutValues(tuesday), targetKind: 'resource', resourceId: ids.resource, quantity: '2', reason: 'Lamp replacement' }, ZONE, 5));
    expect(ofResource.start).toBe(instantFromDateAndTime(tuesday, '00:00', ZONE));
    expect((await admin('POST', '/api/v1/blackouts', { body: ofResource })).status).toBe(201);

    const ofSpace = await admin('POST', '/api/v1/blackouts', {
      body: body(declareBlackoutBody({ ...blackoutValues(tuesday), spaceId: ids.space, startTime: '14:00', endTime: '16:00', reason: 'Painting' }, ZONE)),
    });
    expect(ofSpace.status).toBe(201);
    expect((await admin('POST', `/api/v1/blackouts/${ofSpace.body.id}/lift`, { body: { reason: 'Painters cancelled' } })).status).toBe(200);

    const clash = await admin('POST', '/api/v1/blackouts', {
      body: body(declareBlackoutBody({ ...blackoutValues(monday), spaceId: ids.space, startTime: '09:00', endTime: '12:00', reason: 'Leak' }, ZONE)),
    });
    expect(clash.status).toBe(409);
    expect(clash.body.conflicts).toEqual([expect.objectContaining({ targetId: ids.space, holder: { kind: 'booking', id: ids.booking } })]);
  });

  it('creates a custom role from the permission catalogue, changes it and grants it on the site', async () => {
    const catalogue: string[] = (await admin('GET', '/api/v1/permissions')).body.items;
    const created = await admin('POST', '/api/v1/roles', {
      body: body(newRoleBody({ ...roleValues(), name: 'front-desk', description: 'Reception', permissions: ['booking.approve', 'catalog.read', 'booking.read.any'] }, catalogue)),
    });
    expect(created.status).toBe(201);
    const change = body(roleChangeBody({ ...roleValues(created.body), permissions: [...created.body.permissions, 'blackout.manage'] }, catalogue));
    const changed = await admin('PATCH', '/api/v1/roles/front-desk', { body: change, headers: ifMatch(created.body.revision) });
    expect(changed.status).toBe(200);
    expect(changed.body.permissions).toContain('blackout.manage');

    await server.tokenFor(ids.clerk, ['booker']);
    expect(grantRoleBody({ role: 'hotelier', scope: 'everywhere', siteIds: [] }).errors).toHaveProperty('siteIds');
    const granted = await admin('POST', `/api/v1/users/${ids.clerk}/roles`, { body: body(grantRoleBody({ role: 'front-desk', scope: 'sites', siteIds: [ids.site] })) });
    expect(granted.status).toBe(200);
    expect(granted.body.roles).toContainEqual({ role: 'front-desk', siteIds: [ids.site] });
  });

  it('the new front-desk clerk approves the pending booking through the approvals port', async () => {
    const port = apiApprovalsPort({ canApprove: () => true, canReadUsers: false, client: await signedInClient(server, ids.clerk, ['booker']) });

    const pending = await port.pending();
    expect(pending.map((p) => [p.booking.id, p.spaceName, p.booking.purpose])).toEqual([[ids.booking, 'Sala Ipê', 'Supplier visit']]);
    await port.decide(pending[0]!.booking, 'approve', 'See you Monday');

    expect((await admin('GET', `/api/v1/bookings/${ids.booking}`, strong)).body.status).toBe('confirmed');
    expect(await port.pending()).toEqual([]);
  });
});
