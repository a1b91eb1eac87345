import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import type { ResourceEvent } from '../src/catalog/domain/catalog.events.js';
import type { ResourceRow } from '../read-models/rows/resources.row.js';
import { iso, rowProjection, type RowTable } from './row-table.js';

const RESOURCES: RowTable<ResourceRow> = {
  name: 'resources',
  key: 'id',
  columns: {
    id: 'text', site_id: 'text', name: 'text', category: 'text', quantity: 'integer', description: 'text', time_zone: 'text',
    retired: 'boolean', retired_at: 'timestamptz', created_at: 'timestamptz', updated_at: 'timestamptz', revision: 'integer',
  },
};

const RESOURCE_EVENT_TYPES: ResourceEvent['type'][] = ['ResourceCreated', 'ResourceUpdated', 'ResourceRetired'];

export function evolveResource(row: ResourceRow | undefined, event: RecordedEvent): ResourceRow | undefined {
  const e = event as unknown as ResourceEvent;
  const at = iso(event.metadata.occurredAt);
  if (e.type === 'ResourceCreated') {
    const d = e.data;
    return {
      id: d.resourceId, site_id: d.siteId, name: d.name, category: d.category, quantity: d.quantity, description: d.description,
      time_zone: d.timeZone, retired: false, retired_at: null, created_at: at, updated_at: at, revision: event.revision,
    };
  }
  if (!row) return undefined;
  switch (e.type) {
    case 'ResourceUpdated': {
      const d = e.data;
      return {
        ...row,
        name: d.name ?? row.name,
        category: d.category ?? row.category,
        quantity: d.quantity ?? row.quantity,
        description: d.description ?? row.description,
        updated_at: at,
        revision: event.revision,
      };
    }
    case 'ResourceRetired':
      return { ...row, retired: true, retired_at: at, updated_at: at, revision: event.revision };
    default:
      return assertNever(e);
  }
}

/** `resources`: one row per pooled resource, retired ones included (flagged). */
export const resourcesProjection = rowProjection(RESOURCES, {
  streamPrefix: 'resource-', eventTypes: RESOURCE_EVENT_TYPES, idField: 'resourceId', createdBy: 'ResourceCreated', evolve: evolveResource,
});
