import type { ResourceSnapshot, SpaceSnapshot } from '../../booking/domain/booking.commands.js';
import { loadAggregate } from '../../shared/application/execute-command.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import { resourceDecider } from '../domain/resource.decider.js';
import { spaceDecider } from '../domain/space.decider.js';

/** The write side reads the catalog from its own streams, never from read models. */
export async function loadSpaceSnapshot(store: EventStore, spaceId: string): Promise<SpaceSnapshot> {
  const { state } = await loadAggregate(store, `space-${spaceId}`, spaceDecider);
  if (state.status === 'absent') throw new NotFoundError('space', spaceId);
  const { siteId, timeZone, capacity, policy } = state;
  return { spaceId, siteId, timeZone, capacity, policy, retired: state.status === 'retired' };
}

/** Snapshots of the resources that exist among `resourceIds`; unknown ids are left out for the policy check to report. */
export async function loadResourceSnapshots(store: EventStore, resourceIds: string[]): Promise<ResourceSnapshot[]> {
  const unique = [...new Set(resourceIds)];
  const loaded = await Promise.all(unique.map((id) => loadAggregate(store, `resource-${id}`, resourceDecider)));
  return loaded.flatMap(({ state }) =>
    state.status === 'absent' ? [] : [{ resourceId: state.resourceId, siteId: state.siteId, quantity: state.quantity, retired: state.status === 'retired' }],
  );
}
