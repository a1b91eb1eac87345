import type pg from 'pg';
import type { PersonalDataVault } from '../../identity/application/identity-ports.js';
import type { Logger } from '../../platform/tokens.js';
import { assertNever } from '../../shared/domain/decider.js';
import { ACCESS_REVOKED } from '../application/google-calendar-connections.js';
import type { GoogleCalendarGateway, GoogleSyncJob, GoogleSyncStore } from '../application/google-calendar-ports.js';
import { DEFAULT_GOOGLE_SYNC_POLICY, outcomeOfFailure, pushBookingToGoogle, type GoogleSyncPolicy } from '../application/google-calendar-sync.js';
import { GOOGLE_SYNC_SIGNAL_CHANNEL } from './google-sync-schema.js';

export interface GoogleSyncWorkerOptions {
  store: GoogleSyncStore;
  gateway: GoogleCalendarGateway;
  vault: PersonalDataVault;
  /** Links in event descriptions point at the web client here. */
  publicUrl: string;
  log: Logger;
  clock?: () => Date;
  /** In [0, 1): jitters backoff delays. */
  random?: () => number;
  policy?: GoogleSyncPolicy;
  /** Jobs claimed per round. */
  batchSize?: number;
  /** How long a claimed job stays with this worker; longer than a job's few requests can take. */
  leaseMs?: number;
  /** Idle re-check for due jobs (retries come due without a signal). */
  pollMs?: number;
  /** Listens for `pg_notify` signals of queued jobs (another process queued them), so the poll is only a fallback. */
  pool?: pg.Pool;
}

/**
 * Pushes due Google sync jobs to Google Calendar: claims a batch (FOR UPDATE SKIP LOCKED, so
 * workers in several processes never push the same booking at once), pushes each with
 * pushBookingToGoogle and records the outcome: synced, retry later (Retry-After or jittered
 * exponential backoff), failed for good, or the person's access revoked (connection marked
 * disconnected, their jobs wait for a new connection). `runOnce` is one round at a given
 * instant (tests drive the clock); `start` runs rounds until `stop`.
 */
export class GoogleSyncWorker {
  private readonly clock: () => Date;
  private readonly random: () => number;
  private readonly policy: GoogleSyncPolicy;
  private readonly batchSize: number;
  private running: Promise<void> | undefined;
  private readonly stopping = new AbortController();
  private wake: (() => void) | undefined;
  /** A job was queued since the current round began: the next round starts at once. */
  private signalled = false;
  private listener: pg.PoolClient | undefined;

  constructor(private readonly options: GoogleSyncWorkerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.policy = options.policy ?? DEFAULT_GOOGLE_SYNC_POLICY;
    this.batchSize = options.batchSize ?? 20;
  }

  /** Pushes the jobs due at `now` (one batch); answers how many were handled. */
  async runOnce(now: Date = this.clock()): Promise<number> {
    const jobs = await this.options.store.claimDue(now, this.batchSize, new Date(now.getTime() + (this.options.leaseMs ?? 120_000)));
    for (const job of jobs) await this.sync(job, now);
    return jobs.length;
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.wake?.();
    await this.running;
    // Destroyed, not pooled: it is still LISTENing.
    this.listener?.release(true);
    this.listener = undefined;
  }

  private async sync(job: GoogleSyncJob, now: Date): Promise<void> {
    const { store, gateway, vault, log } = this.options;
    const grant = await vault.open<{ refreshToken: string }>(job.sealedToken);
    if (!grant) {
      // Erased: the key that sealed the token is gone.
      await store.markAccessRevoked(job.userId, 'erased', now);
      return;
    }
    try {
      const session = gateway.session({ userId: job.userId, refreshToken: grant.refreshToken });
      await pushBookingToGoogle(job, session, { publicUrl: this.options.publicUrl, noteEventCalendar: (calendarId) => store.noteEventCalendar(job, calendarId) });
      await store.markSynced(job, job.entry.sequence, now);
      return;
    } catch (error) {
      const outcome = outcomeOfFailure(error, job.attempts, this.policy, this.random);
      log.warn('Google Calendar sync failed', { bookingId: job.bookingId, userId: job.userId, outcome: outcome.kind, error: outcome.error });
      switch (outcome.kind) {
        case 'retry':
          return store.markRetry(job, outcome.error, new Date(now.getTime() + outcome.delayMs));
        case 'failed':
          return store.markFailed(job, outcome.error, now);
        case 'access_revoked':
          await store.markAccessRevoked(job.userId, ACCESS_REVOKED, now);
          // The job waits, pending, for the person to connect again.
          return store.markRetry(job, outcome.error, now);
        default:
          return assertNever(outcome);
      }
    }
  }

  private async loop(): Promise<void> {
    const { log } = this.options;
    while (!this.stopping.signal.aborted) {
      let handled = 0;
      this.signalled = false;
      try {
        handled = await this.runOnce();
      } catch (error) {
        log.warn('Google Calendar sync round failed; retrying', { error: String(error) });
      }
      if (handled < this.batchSize) await this.idle();
    }
  }

  /** Waits for a queued-job signal, the poll interval, or stop. */
  private async idle(): Promise<void> {
    await this.listen();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.options.pollMs ?? 1_000);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
      if (this.signalled || this.stopping.signal.aborted) done();
    });
    this.wake = undefined;
  }

  private async listen(): Promise<void> {
    const { pool, log } = this.options;
    if (!pool || this.listener || this.stopping.signal.aborted) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      client.on('notification', () => {
        this.signalled = true;
        this.wake?.();
      });
      const listening = client;
      listening.on('error', (error) => {
        log.warn('Google sync signal connection failed; polling until it is back', { error: String(error) });
        if (this.listener === listening) this.listener = undefined;
        listening.release(error);
      });
      await listening.query(`LISTEN ${GOOGLE_SYNC_SIGNAL_CHANNEL}`);
      this.listener = listening;
    } catch (error) {
      if (client && this.listener !== client) client.release(error as Error);
      log.warn('cannot listen for Google sync signals; polling', { error: String(error) });
    }
  }
}
