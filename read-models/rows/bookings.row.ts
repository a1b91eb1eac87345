import type { BookingRejected, BookingStatus, ResourceLine } from '../../src/booking/domain/booking.events.js';
import type { RowStamps } from './row-stamps.js';

/** A change that was requested and is not settled yet (the booking keeps its current placement meanwhile). */
export interface PendingChange {
  placement: number;
  start: string;
  end: string;
  holdUntil: string;
  participants: number;
  resources: ResourceLine[];
  purpose: string;
  requestedAt: string;
  requestedBy: string;
}

/** A row of `bookings` (read-models/migrations/003_bookings.sql); `Instant` as in RowStamps. */
export interface BookingRow<Instant = string> extends RowStamps<Instant> {
  id: string;
  booker_id: string;
  space_id: string;
  site_id: string;
  time_zone: string;
  start_at: Instant;
  end_at: Instant;
  hold_until: Instant;
  status: BookingStatus;
  purpose: string;
  participants: number;
  resources: ResourceLine[];
  placement: number;
  pending_change: PendingChange | null;
  approval_required: boolean;
  change_deadline_minutes: number;
  approved_by: string | null;
  approved_at: Instant | null;
  approval_comment: string | null;
  rejected_by: string | null;
  rejected_at: Instant | null;
  rejection_reason: BookingRejected['data']['reason'] | null;
  rejection_comment: string | null;
  rejection_conflicts: BookingRejected['data']['conflicts'] | null;
  cancelled_by: string | null;
  cancelled_at: Instant | null;
  cancel_reason: string | null;
  cancel_override: boolean | null;
  checked_in_at: Instant | null;
  checked_in_by: string | null;
  completed_at: Instant | null;
  no_show_at: Instant | null;
  no_show_by: string | null;
}

/** A row of `booking_history`: one per booking event; `Instant` as in RowStamps. */
export interface BookingHistoryRow<Instant = string> {
  event_id: string;
  booking_id: string;
  revision: number;
  event_type: string;
  occurred_at: Instant;
  recorded_at: Instant;
  actor_id: string;
  actor_kind: string;
  correlation_id: string;
  causation_id: string;
  previous_status: BookingStatus | null;
  status: BookingStatus;
  details: Record<string, unknown>;
}
