import type pg from 'pg';
import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import type { ResourceEvent, SpaceEvent } from '../src/catalog/domain/catalog.events.js';
import type { BookingPolicy } from '../src/catalog/domain/catalog.types.js';
import { defineProjection } from './projection.js';
import { encodeRows, iso, selectJsonbRows, type ColumnType } from './row-table.js';

/** A row of `availability_versions`: what a space or resource offered during [valid_from, valid_to). */
export interface AvailabilityVersionRow {
  target_id: string;
  revision: number;
  target_kind: 'space' | 'resource';
  site_id: string;
  time_zone: string;
  valid_from: string;
  valid_to: string | null;
  opening_hours: BookingPolicy['openingHours'];
  always_open: boolean;
  quantity: number;
}

type AvailabilityEvent = Extract<SpaceEvent | ResourceEvent, { type: (typeof EVENT_TYPES)[number] }>;

const EVENT_TYPES = ['SpaceCreated', 'SpacePolicyChanged', 'SpaceRetired', 'ResourceCreated', 'ResourceUpdated', 'ResourceRetired'] as const;

const COLUMNS = [
  ['target_id', 'text'], ['revision', 'integer'], ['target_kind', 'text'], ['site_id', 'text'], ['time_zone', 'text'],
  ['valid_from', 'timestamptz'], ['valid_to', 'timestamptz'], ['opening_hours', 'jsonb'], ['always_open', 'boolean'], ['quantity', 'integer'],
] as const satisfies readonly (readonly [keyof AvailabilityVersionRow, ColumnType])[];

const UPSERT = `
  INSERT INTO availability_versions AS t (${COLUMNS.map(([c]) => c).join(', ')})
  ${selectJsonbRows(COLUMNS)}
  ON CONFLICT (target_id, revision) DO UPDATE SET valid_to = EXCLUDED.valid_to`;

const LATEST = `
  SELECT DISTINCT ON (target_id) ${COLUMNS.map(([c]) => c).join(', ')}
    FROM availability_versions WHERE target_id = ANY($1::text[]) ORDER BY target_id, revision DESC`;

function targetOf(event: RecordedEvent): string {
  const d = event.data as { spaceId?: string; resourceId?: string };
  return (d.spaceId ?? d.resourceId)!;
}

/**
 * The versions after `event`, given the target's latest one: a new version (created, opening
 * hours or stock changed: the one before ends where it begins) or the latest one ended (retired).
 * Returns the rows to write, none when the event changes nothing offered.
 */
export function evolveAvailability(latest: AvailabilityVersionRow | undefined, event: RecordedEvent): AvailabilityVersionRow[] {
  const e = event as unknown as AvailabilityEvent;
  const at = iso(event.metadata.occurredAt);
  if (latest && event.revision <= latest.revision) return [];
  const successor = (changes: Partial<AvailabilityVersionRow>): AvailabilityVersionRow[] => {
    if (!latest || latest.valid_to !== null) return [];
    return [{ ...latest, valid_to: at }, { ...latest, ...changes, revision: event.revision, valid_from: at, valid_to: null }];
  };
  switch (e.type) {
    case 'SpaceCreated':
      if (latest) return [];
      return [{
        target_id: e.data.spaceId, revision: event.revision, target_kind: 'space', site_id: e.data.siteId, time_zone: e.data.timeZone,
        valid_from: at, valid_to: null, opening_hours: e.data.policy.openingHours, always_open: e.data.policy.openingHours === null, quantity: 1,
      }];
    case 'ResourceCreated':
      if (latest) return [];
      return [{
        target_id: e.data.resourceId, revision: event.revision, target_kind: 'resource', site_id: e.data.siteId, time_zone: e.data.timeZone,
        valid_from: at, valid_to: null, opening_hours: null, always_open: true, quantity: e.data.quantity,
      }];
    case 'SpacePolicyChanged': {
      const hours = e.data.policy.openingHours;
      if (!latest || JSON.stringify(hours) === JSON.stringify(latest.opening_hours)) return [];
      return successor({ opening_hours: hours, always_open: hours === null });
    }
    case 'ResourceUpdated':
      if (!latest || e.data.quantity === undefined || e.data.quantity === latest.quantity) return [];
      return successor({ quantity: e.data.quantity });
    case 'SpaceRetired':
    case 'ResourceRetired':
      return latest && latest.valid_to === null ? [{ ...latest, valid_to: at }] : [];
    default:
      return assertNever(e);
  }
}

async function applyAvailabilityEvents(client: pg.PoolClient, events: readonly RecordedEvent[]): Promise<void> {
  const ids = [...new Set(events.map(targetOf))];
  const { rows } = await client.query<AvailabilityVersionRow & { valid_from: Date; valid_to: Date | null }>(LATEST, [ids]);
  const latest = new Map<string, AvailabilityVersionRow>(rows.map((r) => [r.target_id, { ...r, valid_from: r.valid_from.toISOString(), valid_to: r.valid_to?.toISOString() ?? null }]));
  const written = new Map<string, AvailabilityVersionRow>();
  for (const event of events) {
    const id = targetOf(event);
    for (const version of evolveAvailability(latest.get(id), event)) {
      written.set(`${version.target_id}\u0000${version.revision}`, version);
      const current = latest.get(id);
      if (!current || version.revision >= current.revision) latest.set(id, version);
    }
  }
  if (written.size === 0) return;
  const sorted = [...written.values()].sort((a, b) => (a.target_id < b.target_id ? -1 : a.target_id > b.target_id ? 1 : a.revision - b.revision));
  await client.query(UPSERT, [encodeRows(sorted, COLUMNS.map(([c]) => c))]);
}

/**
 * `availability_versions`: opening hours (spaces) and stock (resources) over time, so that
 * utilisation of a past period is measured against what was offered then, and nothing is
 * available before a target was created or after it was retired.
 */
export const analyticsAvailabilityProjection = defineProjection({
  name: 'analytics_availability',
  filter: { streamPrefixes: ['space-', 'resource-'], eventTypes: [...EVENT_TYPES] },
  tables: ['availability_versions'],
  applyBatch: applyAvailabilityEvents,
});
