import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAccess } from '../../identity/domain/access.js';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { context, createWriteSide, lisbonSite, room } from '../../../test/support/write-side.js';

const NOW = '2026-02-27T10:00:00Z';
const at = (hhmm: string, day = '2026-03-02') => `${day}T${hhmm}:00.000Z`;

/** A hotelier of `siteIds` only, as the identity context resolves their grant. */
function hotelierOf(siteIds: string[]): CommandContext {
  const { permissions, sitePermissions } = resolveAccess([{ role: 'hotelier', siteIds }], new Map());
  return { ...context(randomUUID(), [], NOW), permissions, sitePermissions };
}

describe('catalog command handlers, site scope', () => {
  let ws: Awaited<ReturnType<typeof createWriteSide>>;
  let siteA: string;
  let siteB: string;
  let spaceA: string;
  let spaceB: string;
  let resourceB: string;
  const asAdmin = () => context(randomUUID(), ['admin'], NOW);
  const asHotelier = () => hotelierOf([siteA]);
  const resource = (siteId: string) => ({ siteId, name: 'Projector', category: 'equipment' as const, quantity: 2, description: '' });
  const blackout = (spaceId: string, hhmm = '09:00') => ({ target: { kind: 'space' as const, spaceId }, start: at(hhmm), end: at(hhmm.replace(/^09/, '10')), reason: 'Painting' });
  const revisionOf = async (streamId: string) => (await ws.store.readStream(streamId)).length - 1;

  beforeAll(async () => {
    ws = await createWriteSide();
    siteA = (await ws.catalog.registerSite({ ...lisbonSite, name: 'Hotel A' }, asAdmin())).id;
    siteB = (await ws.catalog.registerSite({ ...lisbonSite, name: 'Hotel B' }, asAdmin())).id;
    spaceA = (await ws.catalog.createSpace(room(siteA), asAdmin())).id;
    spaceB = (await ws.catalog.createSpace(room(siteB), asAdmin())).id;
    resourceB = (await ws.catalog.createResource(resource(siteB), asAdmin())).id;
  });
  afterAll(() => ws?.close());

  it('lets a hotelier change their own site, but no other, and not register a new one', async () => {
    await expect(ws.catalog.updateSite(siteA, { name: 'Hotel A – Riverside' }, undefined, asHotelier())).resolves.toMatchObject({ id: siteA });
    const before = await revisionOf(`site-${siteB}`);
    await expect(ws.catalog.updateSite(siteB, { name: 'Mine now' }, undefined, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    expect(await revisionOf(`site-${siteB}`)).toBe(before);
    await expect(ws.catalog.registerSite({ ...lisbonSite, name: 'Hotel C' }, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    // Not even under the id of a site they hold rights on.
    const reserved = randomUUID();
    await expect(ws.catalog.registerSite({ ...lisbonSite, siteId: reserved }, hotelierOf([reserved]))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ws.store.readStream(`site-${reserved}`)).toEqual([]);
  });

  it('lets a hotelier create and change spaces and their policy on their own site only', async () => {
    const created = await ws.catalog.createSpace(room(siteA, {}, 'Suite 1'), asHotelier());
    await expect(ws.catalog.updateSpace(created.id, { capacity: 2, policy: room(siteA, { approvalRequired: true }).policy }, undefined, asHotelier())).resolves.toMatchObject({ id: created.id });
    await expect(ws.catalog.updateSpace(spaceA, { description: 'Sea view' }, undefined, asHotelier())).resolves.toMatchObject({ id: spaceA });

    await expect(ws.catalog.createSpace(room(siteB, {}, 'Intruder'), asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    const before = await revisionOf(`space-${spaceB}`);
    await expect(ws.catalog.updateSpace(spaceB, { capacity: 1 }, undefined, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.catalog.updateSpace(spaceB, { policy: room(siteB, { approvalRequired: true }).policy }, undefined, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.catalog.retireSpace(spaceB, undefined, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    expect(await revisionOf(`space-${spaceB}`)).toBe(before);
  });

  it('lets a hotelier manage resources on their own site only', async () => {
    const mine = await ws.catalog.createResource(resource(siteA), asHotelier());
    await expect(ws.catalog.updateResource(mine.id, { quantity: 3 }, undefined, asHotelier())).resolves.toMatchObject({ revision: 1 });
    await expect(ws.catalog.retireResource(mine.id, undefined, asHotelier())).resolves.toMatchObject({ revision: 2 });

    await expect(ws.catalog.createResource(resource(siteB), asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.catalog.updateResource(resourceB, { quantity: 9 }, undefined, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.catalog.retireResource(resourceB, undefined, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    expect(await revisionOf(`resource-${resourceB}`)).toBe(0);
  });

  it("lets a hotelier declare and lift blackouts on their own site's spaces only", async () => {
    const declared = await ws.catalog.declareBlackout(blackout(spaceA), asHotelier());
    await expect(ws.catalog.liftBlackout(declared.id, { reason: 'Done early' }, asHotelier())).resolves.toMatchObject({ id: declared.id });

    const refusedId = randomUUID();
    await expect(ws.catalog.declareBlackout({ ...blackout(spaceB), blackoutId: refusedId }, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.catalog.declareBlackout({ target: { kind: 'resource', resourceId: resourceB, quantity: 1 }, start: at('09:00'), end: at('10:00'), reason: 'Repair' }, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    expect(await ws.store.readStream(`blackout-${refusedId}`)).toEqual([]);

    const others = await ws.catalog.declareBlackout(blackout(spaceB, '09:00'), asAdmin());
    await expect(ws.catalog.liftBlackout(others.id, { reason: 'Not yours' }, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(ws.catalog.liftBlackout(others.id, { reason: 'Reopened' }, asAdmin())).resolves.toMatchObject({ id: others.id });
  });

  it('reports an unknown entity as missing only to whoever holds the permission everywhere', async () => {
    const unknown = randomUUID();
    await expect(ws.catalog.updateSpace(unknown, { capacity: 1 }, undefined, asAdmin())).rejects.toBeInstanceOf(NotFoundError);
    await expect(ws.catalog.updateSpace(unknown, { capacity: 1 }, undefined, asHotelier())).rejects.toBeInstanceOf(ForbiddenError);
  });
});
