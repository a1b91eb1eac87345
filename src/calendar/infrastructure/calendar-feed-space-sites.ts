import type { SpaceCreated } from '../../catalog/domain/catalog.events.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { SpaceSites } from '../application/calendar-feed-ports.js';

/**
 * A space's site from the first event of its stream (SpaceCreated; a space never changes site).
 * Read from the log, not the feed consumer's tables, so a space created a moment ago can get a
 * feed at once.
 */
export function eventStoreSpaceSites(store: EventStore): SpaceSites {
  return {
    async siteOf(spaceId) {
      const [created] = await store.readStream(`space-${spaceId}`, { maxCount: 1 });
      return created?.type === 'SpaceCreated' ? (created.data as SpaceCreated['data']).siteId : null;
    },
  };
}
