import type { RecordedEvent } from '../src/shared/event-store/event-store.js';
import { assertNever } from '../src/shared/domain/decider.js';
import type { BlackoutEvent } from '../src/catalog/domain/catalog.events.js';
import type { BlackoutRow } from '../read-models/rows/blackouts.row.js';
import { iso, rowProjection, type RowTable } from './row-table.js';

const BLACKOUTS: RowTable<BlackoutRow> = {
  name: 'blackouts',
  key: 'id',
  columns: {
    id: 'text', site_id: 'text', time_zone: 'text', target_kind: 'text', target_id: 'text', quantity: 'integer',
    start_at: 'timestamptz', end_at: 'timestamptz', reason: 'text', placement: 'integer', status: 'text', refusal_reason: 'text', conflicts: 'jsonb',
    lift_reason: 'text', requested_by: 'text', created_at: 'timestamptz', updated_at: 'timestamptz', revision: 'integer',
  },
};

const BLACKOUT_EVENT_TYPES: BlackoutEvent['type'][] = ['BlackoutRequested', 'BlackoutDeclared', 'BlackoutRefused', 'BlackoutLifted'];

export function evolveBlackout(row: BlackoutRow | undefined, event: RecordedEvent): BlackoutRow | undefined {
  const e = event as unknown as BlackoutEvent;
  const at = iso(event.metadata.occurredAt);
  if (e.type === 'BlackoutRequested') {
    const d = e.data;
    return {
      id: d.blackoutId,
      site_id: d.siteId,
      time_zone: d.timeZone,
      target_kind: d.target.kind,
      target_id: d.target.kind === 'space' ? d.target.spaceId : d.target.resourceId,
      quantity: d.target.kind === 'resource' ? d.target.quantity : null,
      start_at: iso(d.start),
      end_at: iso(d.end),
      reason: d.reason,
      placement: d.placement,
      status: 'requested',
      refusal_reason: null,
      conflicts: null,
      lift_reason: null,
      requested_by: event.metadata.actor.id,
      created_at: at,
      updated_at: at,
      revision: event.revision,
    };
  }
  if (!row) return undefined;
  const touched = { updated_at: at, revision: event.revision };
  switch (e.type) {
    case 'BlackoutDeclared':
      return { ...row, status: 'declared', ...touched };
    case 'BlackoutRefused':
      return { ...row, status: 'refused', refusal_reason: e.data.reason, conflicts: e.data.conflicts, ...touched };
    case 'BlackoutLifted':
      return { ...row, status: 'lifted', lift_reason: e.data.reason, ...touched };
    default:
      return assertNever(e);
  }
}

/** `blackouts`: every blackout with its lifecycle status. */
export const blackoutsProjection = rowProjection(BLACKOUTS, {
  streamPrefix: 'blackout-', eventTypes: BLACKOUT_EVENT_TYPES, idField: 'blackoutId', createdBy: 'BlackoutRequested', evolve: evolveBlackout,
});
