-- Current state of every booking, and one history row per booking event.

CREATE TABLE bookings (
  id                      text PRIMARY KEY,
  booker_id               text NOT NULL,
  space_id                text NOT NULL,
  site_id                 text NOT NULL,
  time_zone               text NOT NULL,
  start_at                timestamptz NOT NULL,
  end_at                  timestamptz NOT NULL,
  hold_until              timestamptz NOT NULL,   -- end_at + the space's buffer
  status                  text NOT NULL,          -- placing | pending_approval | confirmed | rejected | cancelled | checked_in | completed | no_show
  purpose                 text NOT NULL,
  participants            integer NOT NULL,
  resources               jsonb NOT NULL,         -- [{resourceId, quantity}]
  placement               integer NOT NULL,
  pending_change          jsonb,                  -- requested, not yet settled: {placement, start, end, holdUntil, participants, resources, purpose, requestedAt, requestedBy}
  approval_required       boolean NOT NULL,
  change_deadline_minutes integer NOT NULL,
  approved_by             text,
  approved_at             timestamptz,
  approval_comment        text,
  rejected_by             text,
  rejected_at             timestamptz,
  rejection_reason        text,                   -- conflict | declined | abandoned
  rejection_comment       text,
  rejection_conflicts     jsonb,
  cancelled_by            text,
  cancelled_at            timestamptz,
  cancel_reason           text,
  cancel_override         boolean,
  checked_in_at           timestamptz,
  checked_in_by           text,
  completed_at            timestamptz,
  no_show_at              timestamptz,
  no_show_by              text,
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  revision                integer NOT NULL        -- stream revision of the last applied event (the ETag)
);
CREATE INDEX bookings_booker_idx ON bookings (booker_id, start_at);
CREATE INDEX bookings_space_idx ON bookings (space_id, start_at);
CREATE INDEX bookings_site_idx ON bookings (site_id, start_at);
CREATE INDEX bookings_status_idx ON bookings (status, start_at);

CREATE TABLE booking_history (
  event_id        text PRIMARY KEY,
  booking_id      text NOT NULL,
  revision        integer NOT NULL,
  event_type      text NOT NULL,
  occurred_at     timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL,
  actor_id        text NOT NULL,
  actor_kind      text NOT NULL,
  correlation_id  text NOT NULL,
  causation_id    text NOT NULL,
  previous_status text,                           -- NULL for the request
  status          text NOT NULL,                  -- status after the event
  details         jsonb NOT NULL,
  UNIQUE (booking_id, revision)
);
