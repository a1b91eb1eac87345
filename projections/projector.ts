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
  /** Most events per transaction. */
  batchSize?: number;
  /** false: commit without waiting for the WAL flush. Only for throwaway schemas (rebuilds). */
  synchronousCommit?: boolean;
  /** Told about every failed batch or subscription; the projector retries with backoff. */
  onError?: (error: unknown) => void;
}

export interface ProjectorStats {
  /** Lowest checkpoint over the projections: everything at or below it is in the read models. */
  position: Position | null;
  checkpoints: Record<string, Position | null>;
  /** Events received from the subscription but not applied yet. */
  eventsBehind: number;
  eventsApplied: number;
  batchesApplied: number;
  /** Batches dropped because another projector instance had moved the checkpoint first. */
  checkpointConflicts: number;
  lastBatchAt: string | null;
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

// Compare-and-swap of every checkpoint the batch moves; it runs first in the batch transaction,
// so a second projector instance on the same schema waits on the row locks, then finds the
// checkpoints moved (0 rows) and drops its batch instead of applying it twice.
const MOVE_CHECKPOINTS = `
  UPDATE projection_checkpoints AS c
     SET commit_position = v.new_commit, prepare_position = v.new_prepare, updated_at = now()
    FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[]) AS v(name, old_commit, old_prepare, new_commit, new_prepare)
   WHERE c.name = v.name AND c.commit_position = v.old_commit AND c.prepare_position = v.old_prepare`;

interface Step {
  projection: Projection;
  from: Checkpoint;
  to: Position;
  events: RecordedEvent[];
}

/**
 * Runs projections against `$all` into one schema. Each batch of events is one transaction:
 * the projections' writes and their checkpoints (compare-and-swap) commit together, so every
 * event's effect lands exactly once even with several instances or after a crash.
 *
 * Live: `start()` subscribes from the lowest checkpoint and applies what has arrived, up to
 * `batchSize` events at a time. Catch-up only: `catchUp()` reads pages with `readAll` until
 * the log is exhausted (rebuilds, tests). Do not run both on one instance at once.
 */
export class Projector {
  readonly schema: string;
  private readonly quotedSchema: string;
  private readonly filter: AllFilter;
  private readonly batchSize: number;
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly queue: RecordedEvent[] = [];
  private waiters: (() => void)[] = [];
  private running = false;
  private subscription: AllSubscription | undefined;
  private done: Promise<unknown> = Promise.resolve();
  private counters = { eventsApplied: 0, batchesApplied: 0, checkpointConflicts: 0, lastBatchAt: null as string | null };

  constructor(private readonly options: ProjectorOptions) {
    if (options.projections.length === 0) throw new Error('a projector needs at least one projection');
    this.schema = options.schema ?? LIVE_READ_MODEL_SCHEMA;
    this.quotedSchema = quoteSchema(this.schema);
    this.filter = unionFilter(options.projections.map((p) => p.filter));
    this.batchSize = options.batchSize ?? 500;
  }

  /** Subscribes from the lowest checkpoint and keeps applying until `stop()`. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.ensureCheckpoints();
    this.running = true;
    this.done = Promise.all([this.receive(), this.applyArrived()]);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.notify();
    await this.subscription?.unsubscribe();
    await this.done;
  }

  /**
   * Applies everything the store has now (optionally only up to a position per projection,
   * for a fair comparison with a live read model), reading the next page while writing the
   * current one. Returns the number of events read.
   */
  async catchUp(options: { until?: ReadonlyMap<string, Position>; pageSize?: number } = {}): Promise<number> {
    await this.ensureCheckpoints();
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
      if (page.length === 0) return count;
      const events = stopAt ? page.filter((e) => comparePositions(e.position, stopAt) <= 0) : page;
      const finished = events.length < page.length;
      if (!finished) next = read(page[page.length - 1]!.position);
      if (events.length > 0) await this.applyBatch(events, until);
      count += events.length;
      if (finished) return count;
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
      const wait = Math.min(deadline, nextProbe) - Date.now();
      if (deadline - Date.now() <= 0) return false;
      await this.nextChange(Math.max(wait, 1));
    }
  }

  stats(): ProjectorStats {
    return {
      position: this.lowestCheckpoint(),
      checkpoints: Object.fromEntries(this.checkpoints),
      eventsBehind: this.queue.length,
      ...this.counters,
    };
  }

  private hasReached(position: Position): boolean {
    if (this.checkpoints.size === 0) return false;
    for (const cp of this.checkpoints.values()) if (cp === null || comparePositions(cp, position) < 0) return false;
    return true;
  }

  private async nothingPendingUpTo(position: Position): Promise<boolean> {
    if (this.checkpoints.size === 0) return false;
    const store = this.options.store;
    const [relevant] = await store.readAll({ fromPosition: this.lowestCheckpoint() ?? START, maxCount: 1, filter: this.filter });
    if (relevant) return comparePositions(relevant.position, position) > 0;
    // Nothing relevant after the checkpoint: done if the position itself is visible yet.
    const justBefore = position.prepare > 0n ? { commit: position.commit, prepare: position.prepare - 1n } : { commit: position.commit - 1n, prepare: MAX_BIGINT };
    const [atOrAfter] = await store.readAll({ fromPosition: justBefore, maxCount: 1 });
    return atOrAfter !== undefined && comparePositions(atOrAfter.position, position) >= 0;
  }

  private lowestCheckpoint(): Checkpoint {
    let lowest: Checkpoint | undefined;
    for (const cp of this.checkpoints.values()) {
      if (cp === null) return null;
      if (lowest === undefined || comparePositions(cp, lowest!) < 0) lowest = cp;
    }
    return lowest ?? null;
  }

  private async ensureCheckpoints(): Promise<void> {
    const names = this.options.projections.map((p) => p.name);
    await this.options.pool.query(
      `INSERT INTO ${this.quotedSchema}.projection_checkpoints (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
      [names],
    );
    await this.reloadCheckpoints();
  }

  private async reloadCheckpoints(): Promise<void> {
    const stored = await readCheckpoints(this.options.pool, this.schema, this.options.projections.map((p) => p.name));
    for (const [name, cp] of stored) this.checkpoints.set(name, cp);
  }

  /** Pulls events from the subscription into the queue; resubscribes after a failure. */
  private async receive(): Promise<void> {
    let from: FromPosition = this.lowestCheckpoint() ?? START;
    for (let failures = 0; this.running; ) {
      const subscription = this.options.store.subscribeToAll({ fromPosition: from, filter: this.filter });
      this.subscription = subscription;
      try {
        for await (const event of subscription) {
          this.queue.push(event);
          from = event.position;
          failures = 0;
          this.notify();
          while (this.running && this.queue.length >= this.batchSize * 4) await this.nextChange();
          if (!this.running) break;
        }
        if (this.running) await subscription.unsubscribe();
        return;
      } catch (error) {
        if (!this.running) return;
        this.options.onError?.(error);
        await this.pause(backoff(failures++));
      }
    }
  }

  private async applyArrived(): Promise<void> {
    while (this.running) {
      if (this.queue.length === 0) {
        await this.nextChange();
        continue;
      }
      const batch = this.queue.splice(0, this.batchSize);
      this.notify();
      for (let failures = 0; this.running; ) {
        try {
          await this.applyBatch(batch);
          break;
        } catch (error) {
          this.options.onError?.(error);
          await this.pause(backoff(failures++));
        }
      }
    }
  }

  /** Applies consecutive events; drops (and re-reads the checkpoints) when another instance won. */
  private async applyBatch(events: readonly RecordedEvent[], until?: ReadonlyMap<string, Position>): Promise<void> {
    for (;;) {
      const steps = this.plan(events, until);
      if (steps.length === 0) return;
      if (await this.commit(steps)) {
        for (const s of steps) this.checkpoints.set(s.projection.name, s.to);
        this.counters.eventsApplied += events.length;
        this.counters.batchesApplied += 1;
        this.counters.lastBatchAt = new Date().toISOString();
        this.notify();
        return;
      }
      this.counters.checkpointConflicts += 1;
      await this.reloadCheckpoints();
    }
  }

  private plan(events: readonly RecordedEvent[], until?: ReadonlyMap<string, Position>): Step[] {
    const last = events[events.length - 1]!.position;
    const steps: Step[] = [];
    for (const projection of this.options.projections) {
      const from = this.checkpoints.get(projection.name) ?? null;
      const limit = until?.get(projection.name);
      const to = limit && comparePositions(limit, last) < 0 ? limit : last;
      if (!isAfter(to, from)) continue;
      const mine = events.filter((e) => isAfter(e.position, from) && comparePositions(e.position, to) <= 0 && matchesFilter(projection.filter, e));
      steps.push({ projection, from, to, events: mine });
    }
    return steps;
  }

  /** One transaction: checkpoints CAS first, then every projection's writes. False when the CAS lost. */
  private async commit(steps: Step[]): Promise<boolean> {
    const client = await this.options.pool.connect();
    try {
      const sync = this.options.synchronousCommit === false ? '; SET LOCAL synchronous_commit TO off' : '';
      await client.query(`BEGIN; SET LOCAL search_path TO ${this.quotedSchema}${sync}`);
      const moved = await client.query(MOVE_CHECKPOINTS, [
        steps.map((s) => s.projection.name),
        steps.map((s) => String(s.from?.commit ?? NO_POSITION)),
        steps.map((s) => String(s.from?.prepare ?? NO_POSITION)),
        steps.map((s) => String(s.to.commit)),
        steps.map((s) => String(s.to.prepare)),
      ]);
      if (moved.rowCount !== steps.length) {
        await client.query('ROLLBACK');
        return false;
      }
      for (const s of steps) if (s.events.length > 0) await s.projection.applyBatch(client, s.events);
      await client.query('COMMIT');
      return true;
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

  /** Resolves on the next queue/checkpoint/stop change, or after `timeoutMs`. */
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

function backoff(failures: number): number {
  return Math.min(30_000, 200 * 2 ** failures);
}
