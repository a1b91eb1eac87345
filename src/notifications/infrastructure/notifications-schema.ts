import type pg from 'pg';
import { withTransaction } from '../../shared/postgres/with-transaction.js';

/** Channel of `pg_notify` that tells every API replica about inbox changes (payload: InboxSignal JSON). */
export const INBOX_SIGNAL_CHANNEL = 'reserva_inbox';
/** Channel of `pg_notify` that wakes delivery workers when email or push is due. */
export const DELIVERY_SIGNAL_CHANNEL = 'reserva_deliveries';

export interface InboxSignal {
  recipientId: string;
  /** The notification's id (ids grow: a client resumes after the last one it saw). */
  id: number;
  change: 'created' | 'read';
}

/**
 * Schema `notifications`, owned by the notifications context: what each person was told
 * (the inbox), the email/push deliveries of it, push subscriptions, and the notifications
 * consumer's own folded state. Idempotent; concurrent callers queue on a lock.
 */
export async function ensureNotificationsSchema(pool: pg.Pool): Promise<void> {
  await withTransaction(pool, (client) => client.query(NOTIFICATIONS_SCHEMA_SQL), { advisoryLock: 'reserva.notifications.schema' });
}

const NOTIFICATIONS_SCHEMA_SQL = `
CREATE SCHEMA IF NOT EXISTS notifications;

-- One row per person per thing they are told. (recipient, kind, source) makes it once even when
-- the causing event is delivered again; the inbox lists the rows with in_app.
CREATE TABLE IF NOT EXISTS notifications.notifications (
  id            bigserial PRIMARY KEY,
  recipient_id  text NOT NULL,
  kind          text NOT NULL,
  -- What it is about: a booking id, a blackout id, or the person's own user id.
  subject_id    text NOT NULL,
  -- The event id that caused it, or a synthetic id for timed ones (reminder:<booking>:<placement>).
  source_id     text NOT NULL,
  -- What templates render (names, times, who acted). Never a secret, never an email address.
  data          jsonb NOT NULL,
  in_app        boolean NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz,
  UNIQUE (recipient_id, kind, source_id)
);
CREATE INDEX IF NOT EXISTS notifications_inbox ON notifications.notifications (recipient_id, id DESC) WHERE in_app;
CREATE INDEX IF NOT EXISTS notifications_unread ON notifications.notifications (recipient_id) WHERE in_app AND read_at IS NULL;

-- Email and push: one row per notification and channel, so each goes out once.
CREATE TABLE IF NOT EXISTS notifications.deliveries (
  notification_id  bigint NOT NULL REFERENCES notifications.notifications (id) ON DELETE CASCADE,
  channel          text NOT NULL CHECK (channel IN ('email', 'push')),
  -- pending: due at not_before; sent; failed: permanently (last_error says why, admins see it);
  -- skipped: nothing to send to (no verified address, no subscription, person erased).
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts         integer NOT NULL DEFAULT 0,
  -- Quiet hours or retry backoff push this forward.
  not_before       timestamptz NOT NULL DEFAULT now(),
  last_error       text,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  sent_at          timestamptz,
  PRIMARY KEY (notification_id, channel)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON notifications.deliveries (not_before) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_failed ON notifications.deliveries (updated_at DESC) WHERE status = 'failed';

-- Browsers subscribed to Web Push (RFC 8030/8291), per person.
CREATE TABLE IF NOT EXISTS notifications.push_subscriptions (
  endpoint    text PRIMARY KEY,
  user_id     text NOT NULL,
  p256dh      text NOT NULL,
  auth        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS push_subscriptions_user ON notifications.push_subscriptions (user_id);

-- Every replica LISTENs: a person connected anywhere hears about their inbox (sent on commit).
CREATE OR REPLACE FUNCTION notifications.signal_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.in_app AND (TG_OP = 'INSERT' OR OLD.read_at IS DISTINCT FROM NEW.read_at) THEN
    PERFORM pg_notify('${INBOX_SIGNAL_CHANNEL}', json_build_object(
      'recipientId', NEW.recipient_id, 'id', NEW.id, 'change', CASE WHEN TG_OP = 'INSERT' THEN 'created' ELSE 'read' END)::text);
  END IF;
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS signal_inbox ON notifications.notifications;
CREATE TRIGGER signal_inbox AFTER INSERT OR UPDATE OF read_at ON notifications.notifications
  FOR EACH ROW EXECUTE FUNCTION notifications.signal_inbox();

CREATE OR REPLACE FUNCTION notifications.signal_delivery() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${DELIVERY_SIGNAL_CHANNEL}', '');
  RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS signal_delivery ON notifications.deliveries;
CREATE TRIGGER signal_delivery AFTER INSERT ON notifications.deliveries
  FOR EACH STATEMENT EXECUTE FUNCTION notifications.signal_delivery();
`;
