import type pg from 'pg';
import { comparePositions, START, type AllSubscription, type EventStore, type Position, type RecordedEvent } from '../shared/event-store/event-store.js';
import { backoffDelay, sleep, type Backoff } from './backoff.js';
import { eventToMessage } from './event-message.js';
import type { Message } from './message.js';
import type { MessagePublisher } from './message-bus.js';

export interface RelayOptions {
  store: EventStore;
  /** Holds `messaging.relay_checkpoint` (ensureMessagingSchema). */
  pool: pg.Pool;
  publisher: MessagePublisher;
  /** Checkpoint row; two relays with the same name share one checkpoint (compare-and-swap keeps it moving forwards). */
  name?: string;
  /** Events per publish at most. */
  batchSize?: number;
  /** Pause before starting over from the stored checkpoint after a failure (default RELAY_BACKOFF). */
  backoff?: Backoff;
  /** Which message an event becomes (default: its context topic; undefined: not relayed). */
  toMessage?: (event: RecordedEvent) => Message | undefined;
  onError?: (error: unknown) => void;
}

export interface RelayStats {
  /** Stored checkpoint: every event at or before it has been acknowledged by the publisher. */
  checkpoint: Position | null;
  eventsPublished: number;
  /** Events of streams no topic takes. */
  eventsSkipped: number;
  batchesPublished: number;
  /** Times the relay started over from its stored checkpoint after a failure. */
  restarts: number;
}

/**
 * A try every few seconds at most while the broker is away: a try costs one connection attempt,
 * and the pause after the broker is back is what events wait for.
 */
export const RELAY_BACKOFF: Backoff = { initialMs: 200, maxMs: 5_000 };

/** The stored form of "before the first event", as in the projector's checkpoints. */
const NO_POSITION = -1n;

// Compare-and-swap, as the projector does: if another relay moved the checkpoint meanwhile,
// nothing is written and this relay starts over from the stored one.
const MOVE_CHECKPOINT = `
  UPDATE messaging.relay_checkpoint SET commit_position = $4, prepare_position = $5, updated_at = now()
   WHERE name = $1 AND commit_position = $2 AND prepare_position = $3`;

class CheckpointMovedError extends Error {}

/**
 * Publishes the event log to the message bus (the event store is the outbox, DESIGN.md): it
 * follows `$all` from its stored checkpoint, publishes what has arrived as one batch, and moves
 * the checkpoint only after the publisher acknowledged the whole batch. Any failure makes it
 * start over from the stored checkpoint, so nothing is lost and order per key is kept; events
 * published before a failure may be published again, and consumers skip them by event id.
 */
export class Relay {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly toMessage: (event: RecordedEvent) => Message | undefined;
  private checkpoint: Position | null = null;
  private stopping = new AbortController();
  private subscription: AllSubscription | undefined;
  private done: Promise<void> = Promise.resolve();
  private running = false;
  private waiters: (() => void)[] = [];
  private counters = { eventsPublished: 0, eventsSkipped: 0, batchesPublished: 0, restarts: 0 };

  constructor(private readonly options: RelayOptions) {
    this.name = options.name ?? 'relay';
    this.batchSize = options.batchSize ?? 500;
    this.toMessage = options.toMessage ?? eventToMessage;
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.options.pool.query('INSERT INTO messaging.relay_checkpoint (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [this.name]);
    this.running = true;
    this.stopping = new AbortController();
    this.done = this.run();
  }

  /** Stops following `$all` and lets a publish in flight finish (and be checkpointed if acknowledged). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.stopping.abort();
    this.notify();
    await this.subscription?.unsubscribe();
    await this.done;
  }

  stats(): RelayStats {
    return { checkpoint: this.checkpoint, ...this.counters };
  }

  /** Resolves once the stored checkpoint is at or past `position` (while the relay runs). */
  async waitForCheckpoint(position: Position): Promise<void> {
    while (this.checkpoint === null || comparePositions(this.checkpoint, position) < 0) await this.nextChange();
  }

  private async run(): Promise<void> {
    for (let failures = 0; this.running; ) {
      try {
        await this.relayFromStoredCheckpoint(() => (failures = 0));
      } catch (error) {
        if (!this.running) return;
        if (!(error instanceof CheckpointMovedError)) this.options.onError?.(error);
        this.counters.restarts += 1;
        await sleep(backoffDelay(this.options.backoff ?? RELAY_BACKOFF, failures++), this.stopping.signal);
      }
    }
  }

  /** One subscription from the stored checkpoint; returns on stop, throws on any failure. */
  private async relayFromStoredCheckpoint(onProgress: () => void): Promise<void> {
    this.checkpoint = await this.readCheckpoint();
    const subscription = this.options.store.subscribeToAll({ fromPosition: this.checkpoint ?? START });
    this.subscription = subscription;
    const arrived: RecordedEvent[] = [];
    let ended: { error?: unknown } | undefined;
    const receiving = (async () => {
      try {
        for await (const event of subscription) {
          arrived.push(event);
          this.notify();
          // Back pressure: read on only while the publisher keeps up.
          while (this.running && !ended && arrived.length >= this.batchSize * 4) await this.nextChange();
          if (!this.running || ended) return;
        }
      } catch (error) {
        ended = { error };
      } finally {
        ended ??= {};
        this.notify();
      }
    })();
    try {
      while (this.running) {
        if (arrived.length === 0) {
          if (ended) throw ended.error ?? new Error('the $all subscription ended');
          await this.nextChange();
          continue;
        }
        const batch = arrived.splice(0, this.batchSize);
        this.notify();
        await this.publishAndCheckpoint(batch);
        onProgress();
      }
    } finally {
      ended ??= {};
      this.notify();
      await subscription.unsubscribe().catch(() => {});
      await receiving;
    }
  }

  private async publishAndCheckpoint(events: RecordedEvent[]): Promise<void> {
    const messages = events.map((event) => this.toMessage(event)).filter((m): m is Message => m !== undefined);
    if (messages.length > 0) await this.options.publisher.publish(messages);
    const to = events[events.length - 1]!.position;
    const from = this.checkpoint;
    const moved = await this.options.pool.query(MOVE_CHECKPOINT, [
      this.name,
      String(from?.commit ?? NO_POSITION),
      String(from?.prepare ?? NO_POSITION),
      String(to.commit),
      String(to.prepare),
    ]);
    if (moved.rowCount !== 1) throw new CheckpointMovedError(`relay ${this.name}: checkpoint moved by another relay`);
    this.checkpoint = to;
    this.counters.eventsPublished += messages.length;
    this.counters.eventsSkipped += events.length - messages.length;
    this.counters.batchesPublished += 1;
    this.notify();
  }

  private async readCheckpoint(): Promise<Position | null> {
    const { rows } = await this.options.pool.query<{ commit_position: string; prepare_position: string }>(
      'SELECT commit_position, prepare_position FROM messaging.relay_checkpoint WHERE name = $1',
      [this.name],
    );
    const commit = BigInt(rows[0]?.commit_position ?? NO_POSITION);
    return commit === NO_POSITION ? null : { commit, prepare: BigInt(rows[0]!.prepare_position) };
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private nextChange(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
