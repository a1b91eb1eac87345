import type pg from 'pg';
import { planChannels, reachesAnyone } from '../domain/channel-plan.js';
import type { PlannedNotification } from '../domain/notification-rules.js';
import { defaultRecipientProfile } from '../domain/recipient-profile.js';
import { NotificationsConsumerState } from './notifications-consumer-state.js';

// One statement per notification: the row once per (recipient, kind, source), and its email/push
// deliveries only when the row is new, so a second try adds nothing.
const INSERT = `
  WITH created AS (
    INSERT INTO notifications.notifications (recipient_id, kind, subject_id, source_id, data, in_app, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (recipient_id, kind, source_id) DO NOTHING
    RETURNING id)
  INSERT INTO notifications.deliveries (notification_id, channel, not_before, updated_at)
  SELECT created.id, d.channel, d.not_before, $7 FROM created, unnest($8::text[], $9::timestamptz[]) AS d(channel, not_before)`;

/**
 * Writes `planned` with `client` (the caller's transaction): each person's channels from their
 * preferences and quiet hours as of `now`, email and push only for events that happened
 * (`occurredAt`) within a day. Erased people get nothing; people not seen yet get the defaults.
 */
export async function recordNotifications(client: pg.ClientBase, planned: readonly PlannedNotification[], occurredAt: string, now: Date): Promise<void> {
  if (planned.length === 0) return;
  const recipients = await new NotificationsConsumerState(client).recipients(planned.map((n) => n.recipientId));
  for (const notification of planned) {
    const known = recipients.get(notification.recipientId);
    if (known === 'erased') continue;
    const plan = planChannels(notification.kind, known ?? defaultRecipientProfile(notification.recipientId), occurredAt, now);
    if (!reachesAnyone(plan)) continue;
    await client.query(INSERT, [
      notification.recipientId, notification.kind, notification.subjectId, notification.sourceId, JSON.stringify(notification.data), plan.inApp, now,
      plan.deliveries.map((d) => d.channel), plan.deliveries.map((d) => d.notBefore),
    ]);
  }
}
