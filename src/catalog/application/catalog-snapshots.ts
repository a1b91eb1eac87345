import type { ResourceSnapshot, SpaceSnapshot } from '../../booking/domain/booking.commands.js';
import { fold, type Loaded } from '../../shared/application/execute-command.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { readStreams, type EventStore } from '../../shared/event-store/event-store.js';
import { resourceDecider, type ResourceState } from '../domain/resource.decider.js';
import { spaceDecider, type SpaceState } from '../domain/space.decider.js';

export interface PlacementCatalogView {
  space: SpaceSnapshot;
  /** Those of the requested resources that exist (unknown ids are left for the policy check to report). */
  resources: ResourceSnapshot[];
  /** The catalog streams read and their revisions, for the placement to check when it commits. */
  guards: { streamId: string; revision: number }[];
}

const MAX_CACHED = 10_000;

/**
 * What a placement needs from the catalog, read from the catalog's own streams (never from
 * read models). With `cache`, snapshots are kept in memory: that is only safe where the
 * placement's commit checks the guards (atomic appends), so a stale snapshot is caught there
 * (StaleSnapshotError), forgotten and read again.
 */
export class PlacementCatalog {
  private readonly cached = new Map<string, Loaded<SpaceState | ResourceState>>();

  constructor(
    private readonly store: EventStore,
    private readonly options: { cache: boolean },
  ) {}

  /** `fresh`: read every stream, not the cache (and refresh the cache with what was read). */
  async load(spaceId: string, resourceIds: string[], { fresh = false } = {}): Promise<PlacementCatalogView> {
    const spaceStream = `space-${spaceId}`;
    const resourceStreams = [...new Set(resourceIds)].map((id) => `resource-${id}`);
    const wanted = [spaceStream, ...resourceStreams];
    const missing = fresh ? wanted : wanted.filter((id) => !this.cached.has(id));
    const read = missing.length > 0 ? await readStreams(this.store, missing) : new Map();
    const states = new Map<string, Loaded<SpaceState | ResourceState>>();
    for (const streamId of wanted) {
      const events = read.get(streamId) ?? [];
      const cached = fresh ? undefined : this.cached.get(streamId);
      const loaded = cached ?? (streamId === spaceStream ? fold(events, spaceDecider) : fold(events, resourceDecider));
      states.set(streamId, loaded);
      if (this.options.cache && loaded.revision >= 0) this.remember(streamId, loaded);
    }
    const space = states.get(spaceStream)!.state as SpaceState;
    if (space.status === 'absent') throw new NotFoundError('space', spaceId);
    const resources = resourceStreams.flatMap((streamId) => {
      const r = states.get(streamId)!.state as ResourceState;
      return r.status === 'absent' ? [] : [{ resourceId: r.resourceId, siteId: r.siteId, quantity: r.quantity, retired: r.status === 'retired' }];
    });
    return {
      space: { spaceId, siteId: space.siteId, timeZone: space.timeZone, capacity: space.capacity, policy: space.policy, retired: space.status === 'retired' },
      resources,
      guards: wanted.map((streamId) => ({ streamId, revision: states.get(streamId)!.revision })),
    };
  }

  forget(streamId: string): void {
    this.cached.delete(streamId);
  }

  private remember(streamId: string, loaded: Loaded<SpaceState | ResourceState>): void {
    this.cached.delete(streamId);
    this.cached.set(streamId, loaded);
    if (this.cached.size > MAX_CACHED) this.cached.delete(this.cached.keys().next().value!);
  }
}
