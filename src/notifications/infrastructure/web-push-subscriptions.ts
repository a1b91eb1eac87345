import type pg from 'pg';
import type { PushSubscriptionKeys, PushSubscriptions } from '../application/delivery-ports.js';

/** Browsers one person may have subscribed at once; the oldest goes when a new one comes. */
export const MAX_SUBSCRIPTIONS_PER_PERSON = 20;

/** Push subscriptions in `notifications.push_subscriptions`. */
export class PostgresPushSubscriptions implements PushSubscriptions {
  constructor(private readonly pool: pg.Pool) {}

  async save(userId: string, { endpoint, keys }: PushSubscriptionKeys, now: Date): Promise<void> {
    // One statement: the upsert, and the person's others beyond the newest limit − 1 go (the
    // DELETE sees the table as it was before the INSERT, hence `<> $1`).
    await this.pool.query(
      `WITH saved AS (
         INSERT INTO notifications.push_subscriptions (endpoint, user_id, p256dh, auth, created_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, created_at = EXCLUDED.created_at
         RETURNING endpoint
       )
       DELETE FROM notifications.push_subscriptions
        WHERE endpoint IN (SELECT endpoint FROM notifications.push_subscriptions WHERE user_id = $2 AND endpoint <> $1
                            ORDER BY created_at DESC, endpoint OFFSET $6)`,
      [endpoint, userId, keys.p256dh, keys.auth, now, MAX_SUBSCRIPTIONS_PER_PERSON - 1],
    );
  }

  async remove(userId: string, endpoint: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM notifications.push_subscriptions WHERE endpoint = $1 AND user_id = $2', [endpoint, userId]);
    return (rowCount ?? 0) > 0;
  }

  async of(userId: string): Promise<PushSubscriptionKeys[]> {
    const { rows } = await this.pool.query<{ endpoint: string; p256dh: string; auth: string }>(
      'SELECT endpoint, p256dh, auth FROM notifications.push_subscriptions WHERE user_id = $1 ORDER BY created_at, endpoint',
      [userId],
    );
    return rows.map(({ endpoint, p256dh, auth }) => ({ endpoint, keys: { p256dh, auth } }));
  }

  async forget(endpoint: string): Promise<void> {
    await this.pool.query('DELETE FROM notifications.push_subscriptions WHERE endpoint = $1', [endpoint]);
  }
}
