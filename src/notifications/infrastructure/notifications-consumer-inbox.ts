import type pg from 'pg';
import { planChannels, reachesAnyone } from '../domain/channel-plan.js';
import type { PlannedNotification } from '../domain/notification-rules.js';
import { defaultRecipientProfile } from '../domain/recipient-profile.js';
import { NotificationsConsumerState, type KnownRecipient } from './notifications-consumer-state.js';

// One statement for all the notifications of a call: each row once per (recipient, kind,
// source), in the order given (ids grow in it), and its email/push deliveries only when the row
// is new, so a second try adds nothing.
const INSERT = `
  WITH planned AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::boolean[]) WITH ORDINALITY
      AS p(recipient_id, kind, subject_id, source_id, data, in_app, ord)),
  created AS (
    INSERT INTO notifications.notifications (recipient_id, kind, subject_id, source_id, data, in_app, created_at)
    SELECT recipient_id, kind, subject_id, source_id, data, in_app, $7 FROM planned ORDER BY ord
    ON CONFLICT (recipient_id, kind, source_id) DO NOTHING
    RETURNING id, recipient_id, kind, source_id)
  INSERT INTO notifications.deliveries (notification_id, channel, not_before, updated_at)
  SELECT created.id, d.channel, d.not_before, $7
    FROM unnest($8::bigint[], $9::text[], $10::timestamptz[]) AS d(ord, channel, not_before)
    JOIN planned ON planned.ord = d.ord
    JOIN created ON (created.recipient_id, created.kind, created.source_id) = (planned.recipient_id, planned.kind, planned.source_id)`;

/** Notifications planned for one event, which happened at `occurredAt`. */
export interface PlannedForEvent {
  planned: readonly PlannedNotification[];
  occurredAt: string;
}

/**
 * Writes `planned` with `client` (the caller's transaction): each person's channels from their
 * preferences and quiet hours as of `now`, email and push only for events that happened
 * (`occurredAt`) within a day. Erased people get nothing; people not seen yet get the defaults.
 */
export async function recordNotifications(client: pg.ClientBase, planned: readonly PlannedNotification[], occurredAt: string, now: Date): Promise<void> {
  if (planned.length === 0) return;
  const recipients = await new NotificationsConsumerState(client).recipients(planned.map((n) => n.recipientId));
  await recordNotificationsOf(client, [{ planned, occurredAt }], recipients, now);
}

/**
 * recordNotifications for the notifications of several events, in their order, in one
 * statement, with the recipients already read (`recipients` must hold every one of them that
 * the consumer knows).
 */
export async function recordNotificationsOf(client: pg.ClientBase, events: readonly PlannedForEvent[], recipients: ReadonlyMap<string, KnownRecipient>, now: Date): Promise<void> {
  const rows: { notification: PlannedNotification; inApp: boolean }[] = [];
  const deliveries: { ord: number; channel: string; notBefore: string }[] = [];
  const seen = new Set<string>();
  for (const { planned, occurredAt } of events) {
    for (const notification of planned) {
      const known = recipients.get(notification.recipientId);
      if (known === 'erased') continue;
      // The first of a repeat in one statement is the one a statement per notification would keep.
      const key = `${notification.recipientId}\0${notification.kind}\0${notification.sourceId}`;
      if (seen.has(key)) continue;
      const plan = planChannels(notification.kind, known ?? defaultRecipientProfile(notification.recipientId), occurredAt, now);
      if (!reachesAnyone(plan)) continue;
      seen.add(key);
      rows.push({ notification, inApp: plan.inApp });
      for (const d of plan.deliveries) deliveries.push({ ord: rows.length, channel: d.channel, notBefore: d.notBefore });
    }
  }
  if (rows.length === 0) return;
  await client.query(INSERT, [
    rows.map((r) => r.notification.recipientId), rows.map((r) => r.notification.kind), rows.map((r) => r.notification.subjectId),
    rows.map((r) => r.notification.sourceId), rows.map((r) => JSON.stringify(r.notification.data)), rows.map((r) => r.inApp), now,
    deliveries.map((d) => d.ord), deliveries.map((d) => d.channel), deliveries.map((d) => d.notBefore),
  ]);
}
