-- Active schedule reservations: a row appears with SlotReserved and disappears with
-- SlotReleased. A reservation spanning several local days is reserved in each day's
-- bucket, so it has one row per day; occupancy_intervals merges them.

-- Trusted extension; installed in public so dropping a read-model schema never drops it.
CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA public;

CREATE TABLE occupancy (
  target_id      text NOT NULL,
  day            text NOT NULL,          -- local yyyy-mm-dd of the schedule bucket
  reservation_id text NOT NULL,          -- <holderId>#<placement>
  target_kind    text NOT NULL,          -- space | resource
  holder_kind    text NOT NULL,          -- booking | blackout
  holder_id      text NOT NULL,
  during         tstzrange NOT NULL,     -- held interval [start, end); for spaces it includes the buffer
  quantity       integer NOT NULL,
  reserved_at    timestamptz NOT NULL,
  PRIMARY KEY (target_id, day, reservation_id)
);
CREATE INDEX occupancy_target_during_idx ON occupancy USING gist (target_id, during);
CREATE INDEX occupancy_holder_idx ON occupancy (holder_id);

CREATE VIEW occupancy_intervals AS
SELECT target_id, target_kind, reservation_id, holder_kind, holder_id, quantity,
       range_merge(range_agg(during)) AS during,
       min(reserved_at) AS reserved_at
  FROM occupancy
 GROUP BY target_id, target_kind, reservation_id, holder_kind, holder_id, quantity;
