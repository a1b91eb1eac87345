import type pg from 'pg';
import { comparePositions, START, type AllFilter, type AllSubscription, type EventStore, type FromPosition, type Position, type RecordedEvent } from '../src/shared/event-store/event-store.js';
import { LIVE_READ_MODEL_SCHEMA, quoteSchema } from '../read-models/schema-name.js';
import { matchesFilter, unionFilter, type Projection } from './projection.js';

/** A projection's checkpoint: the last position it has seen, or null before the first event. */
export type Checkpoint = Position | null;

export interface ProjectorOptions {
  store: EventStore;
  pool: pg.Pool;
  projections: readonly Projection[];
  /** Schema to project into (migrated beforehand with migrateReadModels). */
  schema?: string;
  /** Events per batch read or received; a projection's transaction takes up to twice as many when it is behind. */
  batchSize?: number;
  /** false: commit without waiting for the WAL flush. Only for throwaway schemas (rebuilds). */
  synchronousCommit?: boolean;
  /** Told about every failed transaction or subscription; the live projector retries with backoff. */
  onError?: (error: unknown) => void;
}

export interface ProjectorStats {
  /** Lowest checkpoint over the projections: everything at or below it is in the read models. */
  position: Position | null;
  checkpoints: Record<string, Position | null>;
  /** Events received but not yet applied by every projection. */
  eventsBehind: number;
  /** Event applications since start (an event two projections use counts twice). */
  eventsApplied: number;
  /** Projection transactions committed. */
  batchesApplied: number;
  /** Transactions dropped because another projector instance had moved the checkpoint first. */
  checkpointConflicts: number;
  lastBatchAt: string | null;
  /** Per projection: events it has yet to apply, and how far behind the newest event received its oldest unapplied one is. */
  lanes: Record<string, LaneLag>;
}

export interface LaneLag {
  eventsBehind: number;
  /** recordedAt of the newest event received − recordedAt of the lane's oldest unapplied event; 0 when caught up. */
  secondsBehind: number;
}

/** The stored form of "before the first event". */
const NO_POSITION = -1n;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

function toCheckpoint(commit: string, prepare: string): Checkpoint {
  const c = BigInt(commit);
  return c === NO_POSITION ? null : { commit: c, prepare: BigInt(prepare) };
}

function isAfter(position: Position, checkpoint: Checkpoint): boolean {
  return checkpoint === null || comparePositions(position, checkpoint) > 0;
}

/** The checkpoints stored in `schema` (e.g. for a process that does not run the projector itself). */
export async function readCheckpoints(db: pg.Pool | pg.ClientBase, schema: string, names?: readonly string[]): Promise<Map<string, Checkpoint>> {
  const { rows } = await db.query<{ name: string; commit_position: string; prepare_position: string }>(
    `SELECT name, commit_position, prepare_position FROM ${quoteSchema(schema)}.projection_checkpoints WHERE $1::text[] IS NULL OR name = ANY($1::text[])`,
    [names ?? null],
  );
  return new Map(rows.map((r) => [r.name, toCheckpoint(r.commit_position, r.prepare_position)]));
}

// Compare-and-swap of a projection's checkpoint. It runs first in the transaction, so a second
// projector instance on the same schema waits on the row lock, then finds the checkpoint moved
// (0 rows) and drops its work instead of applying it twice.
const MOVE_CHECKPOINT = `
  UPDATE projection_checkpoints SET commit_position = $4, prepare_position = $5, updated_at = now()
   WHERE name = $1 AND commit_position = $2 AND prepare_position = $3`;

interface Work {
  events: RecordedEvent[];
  /** The checkpoint once the work is committed (the last position the work covers). */
  to: Position;
}

/** One projection's queue of work and where it has got to. */
interface Lane {
  projection: Projection;
  /** Committed. */
  checkpoint: Checkpoint;
  /** The furthest position handed to the lane (≥ checkpoint). */
  dispatchedTo: Checkpoint;
  pending: Work[];
  pendingEvents: number;
  inFlightEvents: number;
  /** The first event of the transaction in flight (lag metrics). */
  inFlightFirst: RecordedEvent | undefined;
  worker: Promise<void> | undefined;
  failure: { error: unknown } | undefined;
}

/**
 * Runs projections against `$all` into one schema. Each projection has a lane: its share of
 * every batch is written, together with its checkpoint (compare-and-swap), in one transaction,
 * so every event's effect lands exactly once even with several instances or after a crash.
 * Lanes run concurrently on their own connections, so a slow read model does not hold up a
 * fast one, and reading the next batch overlaps with writing the last.
 *
 * Live: `start()` subscribes from the lowest checkpoint and hands on what has arrived, up to
 * `batchSize` events at a time. Catch-up only: `catchUp()` reads pages with `readAll` until
 * the log is exhausted (rebuilds, tests). Do not run both on one instance at once. A stored
 * checkpoint found behind the lane's own (a switched-in schema, a manual reset) makes the
 * projector drop what it has received and start over from the stored checkpoints.
 */
export class Projector {
  readonly schema: string;
  private readonly quotedSchema: string;
  private readonly filter: AllFilter;
  private readonly batchSize: number;
  private readonly lanes: Lane[];
  private readonly queue: RecordedEvent[] = [];
  private waiters: (() => void)[] = [];
  private running = false;
  private catchingUp = false;
  /** Set when a checkpoint went backwards (a switched-in schema, a reset): start over from the stored checkpoints. */
  private rewinding = false;
  private subscription: AllSubscription | undefined;
  private done: Promise<unknown> = Promise.resolve();
  private counters = { eventsApplied: 0, batchesApplied: 0, checkpointConflicts: 0, lastBatchAt: null as string | null };
  /** The newest event handed to the lanes or queued (lag metrics). */
  private newest: RecordedEvent | undefined;

  constructor(private readonly options: ProjectorOptions) {
    if (options.projections.length === 0) throw new Error('a projector needs at least one projection');
    this.schema = options.schema ?? LIVE_READ_MODEL_SCHEMA;
    this.quotedSchema = quoteSchema(this.schema);
    this.filter = unionFilter(options.projections.map((p) => p.filter));
    this.batchSize = options.batchSize ?? 500;
    this.lanes = options.projections.map((projection) => ({
      projection, checkpoint: null, dispatchedTo: null, pending: [], pendingEvents: 0, inFlightEvents: 0, inFlightFirst: undefined, worker: undefined, failure: undefined,
    }));
  }

  /** Subscribes from the lowest checkpoint and keeps applying until `stop()`. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.ensureCheckpoints();
    this.running = true;
    this.done = Promise.all([this.receive(), this.handOnArrived()]);
  }

  /** Stops receiving, lets transactions in flight finish, and drops the rest (a restart resumes from the checkpoints). */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.notify();
    await this.subscription?.unsubscribe();
    await this.done;
    await this.lanesIdle();
  }

  /**
   * Applies everything the store has now (optionally only up to a position per projection,
   * for a fair comparison with a live read model), reading the next page while the lanes
   * write. Returns the number of events read; rejects with the first projection failure.
   */
  async catchUp(options: { until?: ReadonlyMap<string, Position>; pageSize?: number } = {}): Promise<number> {
    await this.ensureCheckpoints();
    this.catchingUp = true;
    try {
      const pageSize = options.pageSize ?? this.batchSize;
      const until = options.until;
      const stopAt = until ? [...until.values()].reduce((a, b) => (comparePositions(a, b) >= 0 ? a : b)) : undefined;
      const read = (fromPosition: FromPosition) => {
        const page = this.options.store.readAll({ fromPosition, maxCount: pageSize, filter: this.filter });
        page.catch(() => {}); // awaited later; do not let it count as unhandled meanwhile
        return page;
      };
      let count = 0;
      let next = read(this.lowestCheckpoint() ?? START);
      for (;;) {
        const page = await next;
        if (page.length > 0 && !this.rewinding && !this.failure()) {
          const events = stopAt ? page.filter((e) => comparePositions(e.position, stopAt) <= 0) : page;
          const more = events.length === page.length;
          if (more) next = read(page[page.length - 1]!.position);
          await this.roomInLanes();
          if (events.length > 0 && !this.rewinding && !this.failure()) {
            this.dispatch(events, until);
            count += events.length;
          }
          if (more && !this.rewinding && !this.failure()) continue;
        }
        await this.lanesIdle();
        const failure = this.failure();
        if (failure) throw failure.error;
        if (!this.rewinding) return count;
        await this.rewind();
        next = read(this.lowestCheckpoint() ?? START);
      }
    } finally {
      this.catchingUp = false;
      for (const lane of this.lanes) lane.failure = undefined;
    }
  }

  /**
   * Resolves true once every projection has applied all its events at or below `position`
   * (read-your-writes after a command), false after `timeoutMs`. A position no projection is
   * interested in counts as reached once the store shows nothing relevant is pending before it.
   */
  async waitForPosition(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let nextProbe = 0;
    for (;;) {
      if (this.hasReached(position)) return true;
      if (Date.now() >= nextProbe) {
        if (await this.nothingPendingUpTo(position)) return true;
        nextProbe = Date.now() + 100;
      }
      if (deadline - Date.now() <= 0) return false;
      await this.nextChange(Math.max(Math.min(deadline, nextProbe) - Date.now(), 1));
    }
  }

  stats(): ProjectorStats {
    const lanesBehind = Math.max(0, ...this.lanes.map((l) => l.pendingEvents + l.inFlightEvents));
    return {
      position: this.lowestCheckpoint(),
      checkpoints: Object.fromEntries(this.lanes.map((l) => [l.projection.name, l.checkpoint])),
      eventsBehind: this.queue.length + lanesBehind,
      ...this.counters,
      lanes: Object.fromEntries(this.lanes.map((l) => [l.projection.name, this.laneLag(l)])),
    };
  }

  private laneLag(lane: Lane): LaneLag {
    const queued = this.queue.filter((e) => isAfter(e.position, lane.dispatchedTo) && matchesFilter(lane.projection.filter, e));
    const oldest = lane.inFlightFirst ?? lane.pending.find((w) => w.events.length > 0)?.events[0] ?? queued[0];
    const newest = this.queue[this.queue.length - 1] ?? this.newest;
    const secondsBehind = oldest && newest ? Math.max(0, (Date.parse(newest.recordedAt) - Date.parse(oldest.recordedAt)) / 1000) : 0;
    return { eventsBehind: lane.pendingEvents + lane.inFlightEvents + queued.length, secondsBehind };
  }

  private hasReached(position: Position): boolean {
    return this.lanes.every((l) => l.checkpoint !== null && comparePositions(l.checkpoint, position) >= 0);
  }

  private async nothingPendingUpTo(position: Position): Promise<boolean> {
    const store = this.options.store;
    const [relevant] = await store.readAll({ fromPosition: this.lowestCheckpoint() ?? START, maxCount: 1, filter: this.filter });
    if (relevant) return comparePositions(relevant.position, position) > 0;
    // Nothing relevant after the checkpoint: done if the position itself is visible yet.
    const justBefore = position.prepare > 0n ? { commit: position.commit, prepare: position.prepare - 1n } : { commit: position.commit - 1n, prepare: MAX_BIGINT };
    const [atOrAfter] = await store.readAll({ fromPosition: justBefore, maxCount: 1 });
    return atOrAfter !== undefined && comparePositions(atOrAfter.position, position) >= 0;
  }

  private lowestCheckpoint(): Checkpoint {
    let lowest: Position | undefined;
    for (const { checkpoint } of this.lanes) {
      if (checkpoint === null) return null;
      if (lowest === undefined || comparePositions(checkpoint, lowest) < 0) lowest = checkpoint;
    }
    return lowest ?? null;
  }

  private failure(): { error: unknown } | undefined {
    return this.lanes.find((l) => l.failure)?.failure;
  }

  private async ensureCheckpoints(): Promise<void> {
    const names = this.lanes.map((l) => l.projection.name);
    await this.options.pool.query(
      `INSERT INTO ${this.quotedSchema}.projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
      [names],
    );
    const stored = await readCheckpoints(this.options.pool, this.schema, names);
    for (const lane of this.lanes) {
      lane.checkpoint = lane.dispatchedTo = stored.get(lane.projection.name) ?? null;
      lane.pending = [];
      lane.pendingEvents = 0;
      lane.failure = undefined;
    }
  }

  /** Pulls events from the subscription into the queue; resubscribes after a failure or a rewind. */
  private async receive(): Promise<void> {
    let from: FromPosition = this.lowestCheckpoint() ?? START;
    for (let failures = 0; this.running; ) {
      const subscription = this.options.store.subscribeToAll({ fromPosition: from, filter: this.filter });
      this.subscription = subscription;
      try {
        for await (const event of subscription) {
          if (this.rewinding) break;
          this.queue.push(event);
          from = event.position;
          failures = 0;
          this.notify();
          while (this.running && !this.rewinding && this.queue.length >= this.batchSize * 4) await this.nextChange();
          if (!this.running || this.rewinding) break;
        }
        if (!this.running) return;
        await subscription.unsubscribe();
        if (!this.rewinding) return;
        await this.rewind();
        from = this.lowestCheckpoint() ?? START;
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        await this.pause(backoff(failures++));
      }
    }
  }

  private requestRewind(): void {
    this.rewinding = true;
    this.notify();
    // End the live subscription now rather than at its next event.
    void this.subscription?.unsubscribe().catch(() => {});
  }

  /** Drops everything received, lets transactions in flight end, and reloads the checkpoints. */
  private async rewind(): Promise<void> {
    this.queue.length = 0;
    await this.lanesIdle();
    await this.ensureCheckpoints();
    this.rewinding = false;
    this.notify();
  }

  /** Hands what has arrived to the lanes, a batch at a time, while they have room. */
  private async handOnArrived(): Promise<void> {
    while (this.running) {
      if (this.queue.length === 0) {
        await this.nextChange();
        continue;
      }
      await this.roomInLanes();
      if (!this.running) return;
      if (this.rewinding) {
        await this.nextChange();
        continue;
      }
      this.dispatch(this.queue.splice(0, this.batchSize));
      this.notify();
    }
  }

  /** Gives every lane its share of consecutive events (and the position it may move to). */
  private dispatch(events: readonly RecordedEvent[], until?: ReadonlyMap<string, Position>): void {
    const last = events[events.length - 1]!.position;
    this.newest = events[events.length - 1];
    for (const lane of this.lanes) {
      const limit = until?.get(lane.projection.name);
      const to = limit && comparePositions(limit, last) < 0 ? limit : last;
      const from = lane.dispatchedTo;
      if (!isAfter(to, from)) continue;
      const mine = events.filter((e) => isAfter(e.position, from) && comparePositions(e.position, to) <= 0 && matchesFilter(lane.projection.filter, e));
      lane.pending.push({ events: mine, to });
      lane.pendingEvents += mine.length;
      lane.dispatchedTo = to;
      lane.worker ??= this.work(lane).finally(() => {
        lane.worker = undefined;
        this.notify();
      });
    }
  }

  private async roomInLanes(): Promise<void> {
    const full = () => this.lanes.some((l) => l.pendingEvents >= this.batchSize * 4);
    while (full() && (this.running || this.catchingUp) && !this.failure() && !this.rewinding) await this.nextChange();
  }

  private async lanesIdle(): Promise<void> {
    while (this.lanes.some((l) => l.worker)) await this.nextChange();
  }

  /** Commits a lane's pending work in order: whatever has queued up (to a limit) per transaction. */
  private async work(lane: Lane): Promise<void> {
    while (lane.pending.length > 0 && (this.running || this.catchingUp) && !lane.failure && !this.rewinding) {
      const work = takeWork(lane, this.batchSize * 2);
      lane.inFlightEvents = work.events.length;
      lane.inFlightFirst = work.events[0];
      try {
        await this.commitWithRetry(lane, work);
      } finally {
        lane.inFlightEvents = 0;
        lane.inFlightFirst = undefined;
      }
    }
  }

  private async commitWithRetry(lane: Lane, work: Work): Promise<void> {
    for (let failures = 0; ; ) {
      // After a lost race the checkpoint may have moved past some (or all) of this work.
      const from = lane.checkpoint;
      if (!isAfter(work.to, from)) return;
      work.events = work.events.filter((e) => isAfter(e.position, from));
      try {
        if ((await this.commit(lane, work)) === 'committed') {
          lane.checkpoint = work.to;
          this.counters.eventsApplied += work.events.length;
          this.counters.batchesApplied += 1;
          this.counters.lastBatchAt = new Date().toISOString();
          this.notify();
          return;
        }
        // Another instance got there first: carry on from its checkpoint.
        this.counters.checkpointConflicts += 1;
        const stored = (await readCheckpoints(this.options.pool, this.schema, [lane.projection.name])).get(lane.projection.name);
        if (stored === undefined || (lane.checkpoint !== null && (stored === null || comparePositions(stored, lane.checkpoint) < 0))) {
          // It went backwards (or is gone): events this lane has passed must be applied again.
          this.requestRewind();
          return;
        }
        lane.checkpoint = stored;
        if (stored && lane.dispatchedTo && comparePositions(stored, lane.dispatchedTo) > 0) lane.dispatchedTo = stored;
      } catch (error) {
        this.options.onError?.(error);
        if (this.catchingUp || !this.running) {
          lane.failure = { error };
          return;
        }
        await this.pause(backoff(failures++));
        if (!this.running) return;
      }
    }
  }

  /** One transaction: the checkpoint's compare-and-swap first, then the projection's writes. */
  private async commit(lane: Lane, work: Work): Promise<'committed' | 'lost'> {
    const client = await this.options.pool.connect();
    try {
      const sync = this.options.synchronousCommit === false ? '; SET LOCAL synchronous_commit TO off' : '';
      await client.query(`BEGIN; SET LOCAL search_path TO ${this.quotedSchema}${sync}`);
      const from = lane.checkpoint;
      const moved = await client.query(MOVE_CHECKPOINT, [
        lane.projection.name,
        String(from?.commit ?? NO_POSITION),
        String(from?.prepare ?? NO_POSITION),
        String(work.to.commit),
        String(work.to.prepare),
      ]);
      if (moved.rowCount !== 1) {
        await client.query('ROLLBACK');
        return 'lost';
      }
      if (work.events.length > 0) await lane.projection.applyBatch(client, work.events);
      await client.query('COMMIT');
      return 'committed';
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves on the next queue/lane/checkpoint/stop change, or after `timeoutMs`. */
  private nextChange(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve();
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  /** Waits `ms` before a retry; only `stop()` cuts it short. */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (this.running && Date.now() < until) await this.nextChange(until - Date.now());
  }
}

/** The lane's pending work from the front, merged into one transaction of at most `maxEvents` (at least one item). */
function takeWork(lane: Lane, maxEvents: number): Work {
  const first = lane.pending.shift()!;
  const work: Work = { events: [...first.events], to: first.to };
  while (lane.pending.length > 0 && work.events.length + lane.pending[0]!.events.length <= maxEvents) {
    const next = lane.pending.shift()!;
    work.events.push(...next.events);
    work.to = next.to;
  }
  lane.pendingEvents -= work.events.length;
  return work;
}

function backoff(failures: number): number {
  return Math.min(30_000, 200 * 2 ** failures);
}
