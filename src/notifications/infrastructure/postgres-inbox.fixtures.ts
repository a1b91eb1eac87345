import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { NotificationData } from '../domain/notification-data.js';
import type { NotificationKind } from '../domain/notification-kinds.js';

/**
 * For tests of the inbox side: a notification row as the notifications consumer writes it
 * (its insert fires the same `reserva_inbox` signal). Answers the new id.
 */
export async function insertNotification(
  db: pg.Pool | pg.PoolClient,
  row: { recipientId: string; kind?: NotificationKind; subjectId?: string; data?: NotificationData; inApp?: boolean },
): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO notifications.notifications (recipient_id, kind, subject_id, source_id, data, in_app) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [row.recipientId, row.kind ?? 'booking.confirmed', row.subjectId ?? randomUUID(), randomUUID(), row.data ?? { actor: 'staff' }, row.inApp ?? true],
  );
  return Number(rows[0]!.id);
}
