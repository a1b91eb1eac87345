-- Where each projection has got to in $all. Written in the same transaction as the
-- projection's rows, with a compare-and-swap, so an event's effect lands exactly once.
-- (-1, -1) means "nothing applied yet" (before the first event).
CREATE TABLE projection_checkpoints (
  name             text PRIMARY KEY,
  commit_position  bigint NOT NULL DEFAULT -1,
  prepare_position bigint NOT NULL DEFAULT -1,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
