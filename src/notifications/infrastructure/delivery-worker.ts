import type pg from 'pg';
import type { Logger } from '../../platform/tokens.js';
import { assertNever } from '../../shared/domain/decider.js';
import type { NotificationKind } from '../domain/notification-kinds.js';
import type { DeliveryJob, DeliveryOutcome } from '../application/delivery-ports.js';
import { DELIVERY_SIGNAL_CHANNEL } from './notifications-schema.js';

export interface DeliveryWorkerOptions {
  pool: pg.Pool;
  /** Sends one delivery and says what became of it (DeliveryService). */
  deliver(job: DeliveryJob, now: Date): Promise<DeliveryOutcome>;
  clock: () => Date;
  log: Logger;
  /** Deliveries sent at once; each holds a connection while it sends. */
  concurrency?: number;
  /** Looks for due deliveries at least this often, besides the wake-ups on `reserva_deliveries`. */
  pollIntervalMs?: number;
}

/**
 * Sends the due email and push deliveries (`notifications.deliveries`), with any number of
 * workers in any number of processes.
 *
 * Each delivery is claimed with `FOR UPDATE SKIP LOCKED` in its own transaction, sent while the
 * row stays locked, and its outcome (sent, retry at, failed, skipped) written in that same
 * transaction: another worker skips a row being sent and sees it as sent once the lock goes,
 * so workers never send one delivery twice between them. The one gap is a crash (or a lost
 * connection) after the mail server or push service accepted and before the commit: the row is
 * still pending and goes out again. Both channels are therefore at-least-once, the choice for
 * messages that change plans (a lost cancellation costs more than a repeated one), and the repeat
 * is softened where the channel allows it: a push carries the notification id as its Web Push
 * `Topic` (an undelivered repeat replaces the first at the push service) and in its payload, for
 * the service worker to use as the notification's tag (a repeat replaces the one shown).
 */
export class DeliveryWorker {
  private readonly concurrency: number;
  private readonly pollIntervalMs: number;
  private listener: pg.PoolClient | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  /** Between start and stop: wake-ups run. */
  private active = false;
  /** stop() was called: lanes finish the delivery in hand and end. */
  private halting = false;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.concurrency = options.concurrency ?? 4;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
  }

  /** Listens for new deliveries and sends what is due, until `stop`. */
  async start(): Promise<void> {
    this.active = true;
    await this.listen();
    this.wake();
  }

  async stop(): Promise<void> {
    this.active = false;
    this.halting = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const listener = this.listener;
    this.listener = null;
    if (listener) {
      await listener.query(`UNLISTEN ${DELIVERY_SIGNAL_CHANNEL}`).catch(() => undefined);
      listener.release();
    }
    await this.running;
    this.halting = false;
  }

  /** Sends every delivery due now (several lanes in parallel); resolves with how many it handled. */
  async runOnce(): Promise<number> {
    const lanes = Array.from({ length: this.concurrency }, async () => {
      let handled = 0;
      while (!this.halting && (await this.claimAndDeliver())) handled++;
      return handled;
    });
    // Every lane ends before this resolves or rejects, so passes never overlap.
    const results = await Promise.allSettled(lanes);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return results.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value : 0), 0);
  }

  private wake(): void {
    if (!this.active) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = (async () => {
      try {
        await this.runOnce();
      } catch (error) {
        this.options.log.warn('delivery worker failed; trying again', { error: String(error) });
      }
      const delay = await this.untilNextDue().catch(() => this.pollIntervalMs);
      this.running = null;
      if (!this.active) return;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.timer = setTimeout(() => this.wake(), delay);
    })();
  }

  /** Time until the next delivery that is waiting for its `not_before` (a retry, quiet hours), at most the poll interval. */
  private async untilNextDue(): Promise<number> {
    const now = this.options.clock();
    const { rows } = await this.options.pool.query<{ next: Date | null }>(
      "SELECT min(not_before) AS next FROM notifications.deliveries WHERE status = 'pending' AND not_before > $1",
      [now],
    );
    const next = rows[0]?.next;
    return next ? Math.max(0, Math.min(this.pollIntervalMs, next.getTime() - now.getTime())) : this.pollIntervalMs;
  }

  /** One delivery, claim to outcome, in one transaction; false when none is due and free. */
  private async claimAndDeliver(): Promise<boolean> {
    const { pool, clock } = this.options;
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<ClaimedRow>(CLAIM_SQL, [clock()]);
      const row = rows[0];
      if (!row) {
        await client.query('COMMIT');
        return false;
      }
      const job = jobOf(row);
      const outcome = await this.options.deliver(job, clock());
      await record(client, job, outcome, clock());
      await client.query('COMMIT');
      if (outcome.status === 'failed') {
        this.options.log.warn('delivery failed permanently', { notificationId: job.notification.id, channel: job.channel, kind: job.notification.kind, error: outcome.error });
      }
      return true;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async listen(): Promise<void> {
    const client = await this.options.pool.connect();
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      // Polling goes on; listening starts again on a fresh connection.
      this.options.log.warn('delivery worker lost its LISTEN connection; listening again', { error: String(error) });
      if (this.listener === client) this.listener = null;
      client.release(error);
      setTimeout(() => {
        if (this.active) this.listen().catch((e) => this.options.log.warn('delivery worker could not listen', { error: String(e) }));
      }, this.pollIntervalMs).unref();
    });
    await client.query(`LISTEN ${DELIVERY_SIGNAL_CHANNEL}`);
    this.listener = client;
  }
}

interface ClaimedRow {
  notification_id: string;
  channel: 'email' | 'push';
  attempts: number;
  recipient_id: string;
  kind: NotificationKind;
  subject_id: string;
  data: DeliveryJob['notification']['data'];
  created_at: Date;
  read_at: Date | null;
}

/** The oldest due delivery nobody else holds; the notification comes along, unlocked. */
const CLAIM_SQL = `
SELECT d.notification_id, d.channel, d.attempts, n.recipient_id, n.kind, n.subject_id, n.data, n.created_at, n.read_at
  FROM notifications.deliveries d JOIN notifications.notifications n ON n.id = d.notification_id
 WHERE d.status = 'pending' AND d.not_before <= $1
 ORDER BY d.not_before
 LIMIT 1
   FOR UPDATE OF d SKIP LOCKED`;

function jobOf(row: ClaimedRow): DeliveryJob {
  return {
    channel: row.channel,
    attempts: row.attempts,
    notification: {
      id: Number(row.notification_id),
      recipientId: row.recipient_id,
      kind: row.kind,
      subjectId: row.subject_id,
      data: row.data,
      createdAt: row.created_at.toISOString(),
      readAt: row.read_at?.toISOString() ?? null,
    },
  };
}

async function record(client: pg.PoolClient, job: DeliveryJob, outcome: DeliveryOutcome, now: Date): Promise<void> {
  const key = [job.notification.id, job.channel];
  switch (outcome.status) {
    case 'sent':
      await client.query(
        "UPDATE notifications.deliveries SET status = 'sent', attempts = attempts + 1, last_error = NULL, sent_at = $3, updated_at = $3 WHERE notification_id = $1 AND channel = $2",
        [...key, now],
      );
      return;
    case 'retry':
      await client.query(
        'UPDATE notifications.deliveries SET attempts = attempts + 1, not_before = $3, last_error = $4, updated_at = $5 WHERE notification_id = $1 AND channel = $2',
        [...key, outcome.notBefore, outcome.error, now],
      );
      return;
    case 'failed':
      await client.query(
        "UPDATE notifications.deliveries SET status = 'failed', attempts = attempts + 1, last_error = $3, updated_at = $4 WHERE notification_id = $1 AND channel = $2",
        [...key, outcome.error, now],
      );
      return;
    case 'skipped':
      // Nothing was attempted: the reason says why.
      await client.query(
        "UPDATE notifications.deliveries SET status = 'skipped', last_error = $3, updated_at = $4 WHERE notification_id = $1 AND channel = $2",
        [...key, outcome.reason, now],
      );
      return;
    default:
      assertNever(outcome);
  }
}
