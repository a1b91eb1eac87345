-- Analytics read models (projections/analytics-*.projection.ts). Analysts read them through
-- the views of schema `analytics` (src/analytics/infrastructure/analytics-schema.ts), not here.

-- One row per booking with its outcome and the times that matter for rates and lead time.
CREATE TABLE booking_facts (
  booking_id              text PRIMARY KEY,
  booker_id               text NOT NULL,
  space_id                text NOT NULL,
  site_id                 text NOT NULL,
  time_zone               text NOT NULL,
  start_at                timestamptz NOT NULL,
  end_at                  timestamptz NOT NULL,
  local_start             text NOT NULL,          -- yyyy-mm-ddTHH:mm in the site's zone
  iso_weekday             smallint NOT NULL,      -- of local_start, 1 = Monday
  duration_minutes        integer NOT NULL,
  status                  text NOT NULL,
  participants            integer NOT NULL,
  resources               jsonb NOT NULL,         -- [{resourceId, quantity}]
  purpose                 text NOT NULL,
  placements              integer NOT NULL,
  changes                 integer NOT NULL,
  pending_change          jsonb,                  -- {placement, start, end, participants, resources, requestedAt}
  change_deadline_minutes integer NOT NULL,
  requested_at            timestamptz NOT NULL,
  confirmed_at            timestamptz,
  approved_at             timestamptz,
  approved_by             text,
  rejected_at             timestamptz,
  rejection_reason        text,
  cancelled_at            timestamptz,
  cancelled_by            text,
  cancel_reason           text,
  late_cancellation       boolean NOT NULL,
  cancel_lead_minutes     integer,
  checked_in_at           timestamptz,
  checked_in_by           text,
  checked_in_minutes      integer NOT NULL,
  completed_at            timestamptz,
  no_show_at              timestamptz,
  no_show_by              text,
  lead_minutes            integer NOT NULL,
  last_event_at           timestamptz NOT NULL,
  revision                integer NOT NULL
);
CREATE INDEX booking_facts_site_start_idx ON booking_facts (site_id, start_at);
CREATE INDEX booking_facts_space_start_idx ON booking_facts (space_id, start_at);
CREATE INDEX booking_facts_booker_start_idx ON booking_facts (booker_id, start_at);
CREATE INDEX booking_facts_start_idx ON booking_facts (start_at, booking_id);

-- Booked and checked-in time per space / pooled resource and local hour. A row exists while
-- some booking contributes to it (rows that fall back to zero are deleted).
CREATE TABLE usage_hourly (
  target_id           text NOT NULL,
  hour_start          timestamptz NOT NULL,       -- the instant a local hour begins in the site's zone
  target_kind         text NOT NULL,              -- space | resource
  site_id             text NOT NULL,
  time_zone           text NOT NULL,
  local_date          date NOT NULL,
  local_hour          smallint NOT NULL,          -- 0..23
  iso_weekday         smallint NOT NULL,          -- 1 = Monday .. 7 = Sunday
  booked_seconds      bigint NOT NULL,            -- resources: quantity × seconds
  checked_in_seconds  bigint NOT NULL,
  bookings            integer NOT NULL,           -- bookings overlapping the hour
  PRIMARY KEY (target_id, hour_start)
);
CREATE INDEX usage_hourly_site_hour_idx ON usage_hourly (site_id, hour_start);

-- Requests that were turned down: rejected bookings and rejected changes.
CREATE TABLE unmet_demand (
  event_id        uuid PRIMARY KEY,               -- the rejecting event
  kind            text NOT NULL,                  -- request_rejected | change_rejected
  reason          text NOT NULL,                  -- conflict | declined | abandoned
  booking_id      text NOT NULL,
  booker_id       text NOT NULL,
  space_id        text NOT NULL,
  site_id         text NOT NULL,
  time_zone       text NOT NULL,
  wished_start    timestamptz NOT NULL,
  wished_end      timestamptz NOT NULL,
  wished_local_start text NOT NULL,
  iso_weekday     smallint NOT NULL,
  participants    integer NOT NULL,
  resources       jsonb NOT NULL,
  requested_at    timestamptz NOT NULL,
  rejected_at     timestamptz NOT NULL,
  conflicts       jsonb NOT NULL
);
CREATE INDEX unmet_demand_site_start_idx ON unmet_demand (site_id, wished_start);
CREATE INDEX unmet_demand_space_start_idx ON unmet_demand (space_id, wished_start);

-- What each space / resource offered over time: a version per opening-hours policy or stock
-- level, valid [valid_from, valid_to) (NULL: still in force). Before creation and after
-- retirement nothing is available.
CREATE TABLE availability_versions (
  target_id      text NOT NULL,
  revision       integer NOT NULL,                -- stream revision of the event that started the version
  target_kind    text NOT NULL,
  site_id        text NOT NULL,
  time_zone      text NOT NULL,
  valid_from     timestamptz NOT NULL,
  valid_to       timestamptz,
  opening_hours  jsonb,                           -- spaces: policy.openingHours (NULL = always open); resources: NULL
  always_open    boolean NOT NULL,
  quantity       integer NOT NULL,                -- 1 for a space; units in stock for a resource
  PRIMARY KEY (target_id, revision)
);
CREATE INDEX availability_versions_site_idx ON availability_versions (site_id, target_kind);
