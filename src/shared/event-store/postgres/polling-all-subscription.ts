import type { EventEmitter } from 'node:events';
import { comparePositions, type AllSubscription, type Position, type RecordedEvent } from '../event-store.js';

/** One poll of `$all`: the events after a position, and where the next poll starts. */
export interface PollResult {
  events: RecordedEvent[];
  /** Exclusive start of the next poll; past `events` when filtered-out events were scanned too. */
  next: Position;
  /** True when the poll returned a full batch, so more may be waiting right now. */
  full: boolean;
}

export interface PollingOptions {
  /** How long to wait after a poll that found nothing new, unless an append wakes us earlier. */
  idleMs: number;
  /** First retry delay after a failed poll; doubles up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  onError(error: unknown): void;
}

export const APPENDED = 'appended';

/**
 * Catch-up-then-live subscription by polling: full batches are read back to back, an empty
 * poll sleeps briefly, and an append in this process (the `APPENDED` event on `appended`) wakes
 * it at once. Failed polls are reported and retried with backoff from the same position.
 */
export class PollingAllSubscription implements AllSubscription {
  private stopped = false;
  private notified = false;
  private wake: (() => void) | null = null;
  private inFlight: Promise<unknown> | null = null;
  private readonly iterator: AsyncGenerator<RecordedEvent>;
  private readonly onAppended = () => {
    this.notified = true;
    this.wake?.();
  };

  constructor(
    private readonly poll: (after: Position) => Promise<PollResult>,
    private readonly appended: EventEmitter,
    from: Position,
    private readonly options: PollingOptions,
    private readonly onStop: (subscription: PollingAllSubscription) => void,
  ) {
    appended.on(APPENDED, this.onAppended);
    this.iterator = this.run(from);
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async unsubscribe(): Promise<void> {
    this.stop();
    // Let a poll already sent finish, so closing the pool right after does not fail it.
    await this.inFlight?.catch(() => {});
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.appended.off(APPENDED, this.onAppended);
    this.wake?.();
    this.onStop(this);
  }

  private async *run(from: Position): AsyncGenerator<RecordedEvent> {
    let after = from;
    let failures = 0;
    try {
      while (!this.stopped) {
        this.notified = false;
        let result: PollResult;
        try {
          const polling = this.poll(after);
          this.inFlight = polling;
          result = await polling;
          failures = 0;
        } catch (error) {
          if (this.stopped) return;
          failures += 1;
          this.options.onError(error);
          await this.sleep(Math.min(this.options.maxBackoffMs, this.options.backoffMs * 2 ** (failures - 1)), false);
          continue;
        } finally {
          this.inFlight = null;
        }
        for (const event of result.events) {
          if (this.stopped) return;
          yield event;
        }
        if (comparePositions(result.next, after) > 0) after = result.next;
        if (!result.full && !this.notified) await this.sleep(this.options.idleMs, true);
      }
    } finally {
      this.stop();
    }
  }

  private sleep(ms: number, wakeOnAppend: boolean): Promise<void> {
    if (this.stopped || (wakeOnAppend && this.notified)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = wakeOnAppend ? done : () => this.stopped && done();
    });
  }
}
