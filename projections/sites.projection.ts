import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import type { SiteEvent } from '../src/catalog/domain/catalog.events.js';
import type { SiteRow } from '../read-models/rows/sites.row.js';
import { iso, rowProjection, type RowTable } from './row-table.js';

const SITES: RowTable<SiteRow> = {
  name: 'sites',
  key: 'id',
  columns: {
    id: 'text', name: 'text', address: 'text', city: 'text', latitude: 'double precision', longitude: 'double precision',
    time_zone: 'text', kind: 'text', created_at: 'timestamptz', updated_at: 'timestamptz', revision: 'integer',
  },
};

const SITE_EVENT_TYPES: SiteEvent['type'][] = ['SiteRegistered', 'SiteUpdated'];

export function evolveSite(row: SiteRow | undefined, event: RecordedEvent): SiteRow | undefined {
  const e = event as unknown as SiteEvent;
  const at = iso(event.metadata.occurredAt);
  switch (e.type) {
    case 'SiteRegistered': {
      const d = e.data;
      return {
        id: d.siteId, name: d.name, address: d.address, city: d.city, latitude: d.latitude, longitude: d.longitude,
        time_zone: d.timeZone, kind: d.kind, created_at: at, updated_at: at, revision: event.revision,
      };
    }
    case 'SiteUpdated': {
      if (!row) return undefined;
      const d = e.data;
      return {
        ...row,
        name: d.name ?? row.name,
        address: d.address ?? row.address,
        city: d.city ?? row.city,
        latitude: d.latitude ?? row.latitude,
        longitude: d.longitude ?? row.longitude,
        kind: d.kind ?? row.kind,
        updated_at: at,
        revision: event.revision,
      };
    }
    default:
      return assertNever(e);
  }
}

/** `sites`: one row per registered site. */
export const sitesProjection = rowProjection(SITES, {
  streamPrefix: 'site-', eventTypes: SITE_EVENT_TYPES, idField: 'siteId', createdBy: 'SiteRegistered', evolve: evolveSite,
});
