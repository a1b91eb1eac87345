import type pg from 'pg';
import type { NotificationKind } from '../domain/notification-kinds.js';
import type { FailedDeliveries, FailedDelivery } from '../application/delivery-ports.js';

/** Permanently failed deliveries (what the delivery worker gave up on), for admins. */
export class PostgresFailedDeliveries implements FailedDeliveries {
  constructor(private readonly pool: pg.Pool) {}

  async list(page: { limit: number; offset: number }): Promise<{ items: FailedDelivery[]; total: number }> {
    const { rows } = await this.pool.query<{
      notification_id: string; kind: NotificationKind; channel: 'email' | 'push'; recipient_id: string;
      last_error: string | null; attempts: number; updated_at: Date; created_at: Date; total: string;
    }>(
      `SELECT d.notification_id, n.kind, d.channel, n.recipient_id, d.last_error, d.attempts, d.updated_at, n.created_at,
              count(*) OVER () AS total
         FROM notifications.deliveries d JOIN notifications.notifications n ON n.id = d.notification_id
        WHERE d.status = 'failed'
        ORDER BY d.updated_at DESC, d.notification_id DESC, d.channel
        LIMIT $1 OFFSET $2`,
      [page.limit, page.offset],
    );
    const total = rows[0] ? Number(rows[0].total) : await this.count();
    return {
      total,
      items: rows.map((r) => ({
        notificationId: Number(r.notification_id),
        kind: r.kind,
        channel: r.channel,
        recipientId: r.recipient_id,
        error: r.last_error ?? '',
        attempts: r.attempts,
        failedAt: r.updated_at.toISOString(),
        createdAt: r.created_at.toISOString(),
      })),
    };
  }

  /** An offset past the end still answers the true total. */
  private async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>("SELECT count(*) AS n FROM notifications.deliveries WHERE status = 'failed'");
    return Number(rows[0]!.n);
  }
}
