import type { BlackoutRefused } from '../../src/catalog/domain/catalog.events.js';
import type { RowStamps } from './row-stamps.js';

export type BlackoutStatus = 'requested' | 'declared' | 'refused' | 'lifted';

/** A row of `blackouts` (read-models/migrations/002_catalog.sql); `Instant` as in RowStamps. */
export interface BlackoutRow<Instant = string> extends RowStamps<Instant> {
  id: string;
  site_id: string;
  time_zone: string;
  target_kind: 'space' | 'resource';
  target_id: string;
  quantity: number | null;
  start_at: Instant;
  end_at: Instant;
  reason: string;
  placement: number;
  status: BlackoutStatus;
  refusal_reason: BlackoutRefused['data']['reason'] | null;
  conflicts: BlackoutRefused['data']['conflicts'] | null;
  lift_reason: string | null;
  requested_by: string;
}
