import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import type { SpaceEvent } from '../src/catalog/domain/catalog.events.js';
import type { SpaceRow } from '../read-models/rows/spaces.row.js';
import { iso, rowProjection, type RowTable } from './row-table.js';

const SPACES: RowTable<SpaceRow> = {
  name: 'spaces',
  key: 'id',
  columns: {
    id: 'text', site_id: 'text', name: 'text', kind: 'text', capacity: 'integer', amenities: 'text[]', photo_urls: 'text[]',
    description: 'text', policy: 'jsonb', time_zone: 'text', retired: 'boolean', retired_at: 'timestamptz',
    created_at: 'timestamptz', updated_at: 'timestamptz', revision: 'integer',
  },
};

const SPACE_EVENT_TYPES: SpaceEvent['type'][] = ['SpaceCreated', 'SpaceUpdated', 'SpacePolicyChanged', 'SpaceRetired'];

export function evolveSpace(row: SpaceRow | undefined, event: RecordedEvent): SpaceRow | undefined {
  const e = event as unknown as SpaceEvent;
  const at = iso(event.metadata.occurredAt);
  if (e.type === 'SpaceCreated') {
    const d = e.data;
    return {
      id: d.spaceId, site_id: d.siteId, name: d.name, kind: d.kind, capacity: d.capacity, amenities: d.amenities,
      photo_urls: d.photoUrls, description: d.description, policy: d.policy, time_zone: d.timeZone,
      retired: false, retired_at: null, created_at: at, updated_at: at, revision: event.revision,
    };
  }
  if (!row) return undefined;
  const touched = { updated_at: at, revision: event.revision };
  switch (e.type) {
    case 'SpaceUpdated': {
      const d = e.data;
      return {
        ...row,
        name: d.name ?? row.name,
        kind: d.kind ?? row.kind,
        capacity: d.capacity ?? row.capacity,
        amenities: d.amenities ?? row.amenities,
        photo_urls: d.photoUrls ?? row.photo_urls,
        description: d.description ?? row.description,
        ...touched,
      };
    }
    case 'SpacePolicyChanged':
      return { ...row, policy: e.data.policy, ...touched };
    case 'SpaceRetired':
      return { ...row, retired: true, retired_at: at, ...touched };
    default:
      return assertNever(e);
  }
}

/** `spaces`: one row per space, retired ones included (flagged). */
export const spacesProjection = rowProjection(SPACES, {
  streamPrefix: 'space-', eventTypes: SPACE_EVENT_TYPES, idField: 'spaceId', createdBy: 'SpaceCreated', evolve: evolveSpace,
});
