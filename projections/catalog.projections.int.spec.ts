import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getBlackout, listBlackouts } from '../read-models/queries/blackouts.queries.js';
import { getResource, listResources } from '../read-models/queries/resources.queries.js';
import { getSite, listSites } from '../read-models/queries/sites.queries.js';
import { getSpace } from '../read-models/queries/spaces.queries.js';
import { createReadModelKit, policy, resourceCreated, siteRegistered, spaceCreated, type Fact, type ReadModelKit } from './projection-test-kit.js';

const blackout = (blackoutId: string, type: string, data: Record<string, unknown> = {}): Fact => ({ stream: `blackout-${blackoutId}`, type, data: { blackoutId, ...data } });

describe('catalog projections (sites, spaces, resources, blackouts)', () => {
  let kit: ReadModelKit;

  beforeAll(async () => {
    kit = await createReadModelKit('proj_catalog');
    await kit.record(
      siteRegistered('berlin', { city: 'Berlin', timeZone: 'Europe/Berlin' }),
      siteRegistered('lisbon', { city: 'Lisbon', timeZone: 'Europe/Lisbon', kind: 'hotel' }),
      { stream: 'site-berlin', type: 'SiteUpdated', data: { siteId: 'berlin', name: 'Berlin HQ' }, at: '2026-01-10T00:00:00.000Z' },
      spaceCreated('room-a', 'berlin', { capacity: 8, amenities: ['projector', 'whiteboard'] }),
      { stream: 'space-room-a', type: 'SpaceUpdated', data: { spaceId: 'room-a', capacity: 10 } },
      { stream: 'space-room-a', type: 'SpacePolicyChanged', data: { spaceId: 'room-a', policy: policy({ approvalRequired: true }) } },
      spaceCreated('old-room', 'berlin'),
      { stream: 'space-old-room', type: 'SpaceRetired', data: { spaceId: 'old-room' }, at: '2026-01-11T00:00:00.000Z' },
      resourceCreated('beamer', 'berlin', { quantity: 3 }),
      { stream: 'resource-beamer', type: 'ResourceUpdated', data: { resourceId: 'beamer', quantity: 4 } },
      resourceCreated('chairs', 'lisbon', { timeZone: 'Europe/Lisbon', category: 'furniture' }),
      { stream: 'resource-chairs', type: 'ResourceRetired', data: { resourceId: 'chairs' } },
      blackout('bo1', 'BlackoutRequested', {
        siteId: 'berlin', timeZone: 'Europe/Berlin', target: { kind: 'space', spaceId: 'room-a' }, start: '2026-03-01T00:00:00Z', end: '2026-03-02T00:00:00Z',
        reason: 'painting', placement: 1, buckets: [], reservations: [],
      }),
      blackout('bo1', 'BlackoutDeclared'),
      blackout('bo2', 'BlackoutRequested', {
        siteId: 'berlin', timeZone: 'Europe/Berlin', target: { kind: 'resource', resourceId: 'beamer', quantity: 2 }, start: '2026-03-05T00:00:00Z', end: '2026-03-06T00:00:00Z',
        reason: 'repair', placement: 1, buckets: [], reservations: [],
      }),
      blackout('bo2', 'BlackoutRefused', { reason: 'conflict', conflicts: [{ start: '2026-03-05T09:00:00Z', end: '2026-03-05T10:00:00Z', holderId: 'b1' }] }),
      blackout('bo1', 'BlackoutLifted', { reason: 'done early' }),
    );
    await kit.project();
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('projects sites with their updates', async () => {
    expect(await getSite(kit.pool, kit.schema, 'berlin')).toMatchObject({ name: 'Berlin HQ', city: 'Berlin', timeZone: 'Europe/Berlin', updatedAt: '2026-01-10T00:00:00.000Z', revision: 1 });
    expect((await listSites(kit.pool, kit.schema, { city: 'lisbon' })).map((s) => s.id)).toEqual(['lisbon']);
    expect(await getSite(kit.pool, kit.schema, 'nowhere')).toBeNull();
  });

  it('projects spaces: details, policy, retirement, city via the site', async () => {
    expect(await getSpace(kit.pool, kit.schema, 'room-a')).toMatchObject({
      siteId: 'berlin', siteName: 'Berlin HQ', city: 'Berlin', capacity: 10, amenities: ['projector', 'whiteboard'], retired: false, revision: 2,
      policy: { approvalRequired: true },
    });
    expect(await getSpace(kit.pool, kit.schema, 'old-room')).toMatchObject({ retired: true, retiredAt: '2026-01-11T00:00:00.000Z' });
  });

  it('projects resources; retired ones are listed only on request', async () => {
    expect(await getResource(kit.pool, kit.schema, 'beamer')).toMatchObject({ quantity: 4, revision: 1 });
    expect((await listResources(kit.pool, kit.schema)).map((r) => r.id)).toEqual(['beamer']);
    expect((await listResources(kit.pool, kit.schema, { siteId: 'lisbon', includeRetired: true })).map((r) => [r.id, r.retired])).toEqual([['chairs', true]]);
  });

  it('projects the blackout lifecycle: requested → declared → lifted, or refused', async () => {
    expect(await getBlackout(kit.pool, kit.schema, 'bo1')).toMatchObject({ status: 'lifted', liftReason: 'done early', target: { kind: 'space', spaceId: 'room-a' }, start: '2026-03-01T00:00:00.000Z' });
    expect(await getBlackout(kit.pool, kit.schema, 'bo2')).toMatchObject({ status: 'refused', refusalReason: 'conflict', target: { kind: 'resource', resourceId: 'beamer', quantity: 2 }, conflicts: [{ holderId: 'b1' }] });
    expect((await listBlackouts(kit.pool, kit.schema, { targetId: 'room-a' })).map((b) => b.id)).toEqual(['bo1']);
    expect((await listBlackouts(kit.pool, kit.schema, { siteId: 'berlin', from: '2026-03-04T00:00:00Z', to: '2026-03-10T00:00:00Z' })).map((b) => b.id)).toEqual(['bo2']);
    expect((await listBlackouts(kit.pool, kit.schema, { status: ['declared', 'requested'] }))).toEqual([]);
  });
});
