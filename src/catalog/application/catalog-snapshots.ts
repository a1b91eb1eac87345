import type { ResourceSnapshot, SpaceSnapshot } from '../../booking/domain/booking.commands.js';
import { fold } from '../../shared/application/execute-command.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { readStreams, type EventStore } from '../../shared/event-store/event-store.js';
import { resourceDecider } from '../domain/resource.decider.js';
import { spaceDecider } from '../domain/space.decider.js';

/**
 * What a placement needs from the catalog, read from the catalog's own streams (never from
 * read models) in one round trip where the store allows: the space, and those of
 * `resourceIds` that exist (unknown ids are left out for the policy check to report).
 */
export async function loadPlacementCatalog(store: EventStore, spaceId: string, resourceIds: string[]): Promise<{ space: SpaceSnapshot; resources: ResourceSnapshot[] }> {
  const unique = [...new Set(resourceIds)];
  const streams = await readStreams(store, [`space-${spaceId}`, ...unique.map((id) => `resource-${id}`)]);
  const { state } = fold(streams.get(`space-${spaceId}`)!, spaceDecider);
  if (state.status === 'absent') throw new NotFoundError('space', spaceId);
  const { siteId, timeZone, capacity, policy } = state;
  const resources = unique.flatMap((id) => {
    const { state: r } = fold(streams.get(`resource-${id}`)!, resourceDecider);
    return r.status === 'absent' ? [] : [{ resourceId: r.resourceId, siteId: r.siteId, quantity: r.quantity, retired: r.status === 'retired' }];
  });
  return { space: { spaceId, siteId, timeZone, capacity, policy, retired: state.status === 'retired' }, resources };
}
