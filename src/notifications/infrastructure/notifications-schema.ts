import type pg from 'pg';
import { ensureSchema } from '../../shared/postgres/ensure-schema.js';

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
  await ensureSchema(pool, 'notifications', NOTIFICATIONS_SCHEMA_SQL);
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

-- The notifications consumer's own folded state (a consumer never reads projections), written in
-- the transaction that marks each event processed. Ids only for people: no names, no emails.
CREATE TABLE IF NOT EXISTS notifications.people (
  user_id     text PRIMARY KEY,
  locale      text NOT NULL,
  time_zone   text NOT NULL,
  -- kind -> channel -> on/off, as in UserProfileUpdated.notificationPreferences
  preferences jsonb NOT NULL,
  -- NotificationSettings: quiet hours, reminder lead time
  settings    jsonb NOT NULL
);
-- Erased people are told nothing more, even by events about them that arrive late (topics are
-- ordered per key only).
CREATE TABLE IF NOT EXISTS notifications.erased_people (
  user_id text PRIMARY KEY
);
-- Grants and custom roles: who may approve bookings on which site.
CREATE TABLE IF NOT EXISTS notifications.role_grants (
  user_id  text NOT NULL,
  role     text NOT NULL,
  site_ids text[],
  PRIMARY KEY (user_id, role)
);
CREATE INDEX IF NOT EXISTS role_grants_role ON notifications.role_grants (role);
CREATE TABLE IF NOT EXISTS notifications.custom_roles (
  role        text PRIMARY KEY,
  permissions text[] NOT NULL
);
-- Names shown in notifications; a booking can arrive before its site or space.
CREATE TABLE IF NOT EXISTS notifications.sites (
  site_id text PRIMARY KEY,
  name    text NOT NULL,
  address text NOT NULL,
  city    text NOT NULL
);
CREATE TABLE IF NOT EXISTS notifications.spaces (
  space_id text PRIMARY KEY,
  site_id  text NOT NULL,
  name     text NOT NULL
);
CREATE TABLE IF NOT EXISTS notifications.resources (
  resource_id text PRIMARY KEY,
  name        text NOT NULL
);
-- TrackedBooking (calendar entry, status, resources, pending change) per booking.
CREATE TABLE IF NOT EXISTS notifications.bookings (
  booking_id   text PRIMARY KEY,
  booker_id    text NOT NULL,
  resource_ids text[] NOT NULL,
  active       boolean NOT NULL,
  end_at       timestamptz NOT NULL,
  booking      jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS bookings_holding_resource ON notifications.bookings USING gin (resource_ids) WHERE active;
CREATE TABLE IF NOT EXISTS notifications.blackouts (
  blackout_id text PRIMARY KEY,
  blackout    jsonb NOT NULL
);
-- Refused blackouts and retired resources, kept with their place in the log: topics are ordered
-- per key only, so a booking's events can arrive after the disruption that hit it; each late
-- booking event earlier in the log than a disruption is judged against it then.
CREATE TABLE IF NOT EXISTS notifications.disruptions (
  event_id         text PRIMARY KEY,
  commit_position  bigint NOT NULL,
  prepare_position bigint NOT NULL,
  -- The bookings a refused blackout named, or the retired resource.
  booking_ids      text[],
  resource_id      text,
  -- The event ({type, data}) and its facts (id, occurredAt, actor), to apply the rules again.
  event            jsonb NOT NULL,
  facts            jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS disruptions_by_booking ON notifications.disruptions USING gin (booking_ids);
CREATE INDEX IF NOT EXISTS disruptions_by_resource ON notifications.disruptions (resource_id);
-- Browsers each person signed in from, as digests of (person, user agent): never the agent itself.
CREATE TABLE IF NOT EXISTS notifications.login_browsers (
  user_id      text NOT NULL,
  browser_hash text NOT NULL,
  PRIMARY KEY (user_id, browser_hash)
);
-- One pending reminder per booking; tickers take due ones with SKIP LOCKED and delete them as
-- they notify, so each goes out once however many tickers run.
CREATE TABLE IF NOT EXISTS notifications.reminders (
  booking_id   text PRIMARY KEY,
  recipient_id text NOT NULL,
  start_at     timestamptz NOT NULL,
  due_at       timestamptz NOT NULL,
  lead_minutes integer NOT NULL,
  source_id    text NOT NULL
);
CREATE INDEX IF NOT EXISTS reminders_due ON notifications.reminders (due_at);
CREATE INDEX IF NOT EXISTS reminders_recipient ON notifications.reminders (recipient_id);
`;
