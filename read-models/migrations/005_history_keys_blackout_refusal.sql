-- Event ids are uuids: a 16-byte key is cheaper to index than its text form. The history's
-- lookup by booking needs no uniqueness of its own (event_id is the key), so a plain index
-- serves it and a rebuild can build it once at the end instead of row by row.
ALTER TABLE booking_history ALTER COLUMN event_id TYPE uuid USING event_id::uuid;
ALTER TABLE booking_history DROP CONSTRAINT IF EXISTS booking_history_booking_id_revision_key;
CREATE INDEX booking_history_booking_idx ON booking_history (booking_id, revision);

-- BlackoutRefused says why: conflict (the period was not free) or abandoned (its placement stalled).
ALTER TABLE blackouts ADD COLUMN refusal_reason text;
