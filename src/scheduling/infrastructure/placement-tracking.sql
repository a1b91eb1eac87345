-- The process manager's own state (schema set by search_path): which placements are still
-- being reserved, and which holders have slots to release. Maintained by the
-- placement-tracking projection, with its checkpoint in the same transaction.
CREATE TABLE IF NOT EXISTS projection_checkpoints (
  name             text PRIMARY KEY,
  commit_position  bigint NOT NULL DEFAULT -1,
  prepare_position bigint NOT NULL DEFAULT -1,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS placements_in_flight (
  holder_kind    text NOT NULL,
  holder_id      text NOT NULL,
  placement      integer NOT NULL,
  requested_at   timestamptz NOT NULL,
  correlation_id text NOT NULL,
  request_event  uuid NOT NULL,
  -- When the sweeper may look at it next, and how often it tried.
  next_check_at  timestamptz NOT NULL,
  attempts       integer NOT NULL DEFAULT 0,
  PRIMARY KEY (holder_kind, holder_id)
);
CREATE INDEX IF NOT EXISTS placements_in_flight_due ON placements_in_flight (next_check_at);

CREATE TABLE IF NOT EXISTS releases_due (
  holder_kind    text NOT NULL,
  holder_id      text NOT NULL,
  correlation_id text NOT NULL,
  cause_event    uuid NOT NULL,
  due_at         timestamptz NOT NULL,
  PRIMARY KEY (holder_kind, holder_id)
);
CREATE INDEX IF NOT EXISTS releases_due_due ON releases_due (due_at);
