import { EventEmitter } from 'node:events';
import type pg from 'pg';
import {
  START,
  WrongExpectedRevisionError,
  type AllFilter,
  type AllSubscription,
  type AppendResult,
  type AtomicMultiStreamAppend,
  type MultiStreamRead,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type FromPosition,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamAppend,
  type SubscribeOptions,
} from '../event-store.js';
import { appendStatement } from './append-statement.js';
import { APPENDED, PollingAllSubscription, type PollResult } from './polling-all-subscription.js';
import { assertSchemaName, DEFAULT_EVENT_STORE_SCHEMA, EXPECTED_ANY, EXPECTED_NO_STREAM, EXPECTED_STREAM_EXISTS } from './event-store-schema.js';

export interface PostgresEventStoreOptions {
  /** Schema created by `ensureEventStoreSchema` (default `eventstore`). */
  schema?: string;
  /** Turns stored (older) event shapes into the current one on every read. */
  upcast?: (event: RecordedEvent) => RecordedEvent;
  /** Called when a subscription poll fails; the poll is retried with backoff. Default: console.warn. */
  onSubscriptionError?: (error: unknown) => void;
}

const SUBSCRIPTION_BATCH_SIZE = 500;
const SUBSCRIPTION_IDLE_MS = 30;
const MAX_BIGINT = 9223372036854775807n;
const BEFORE_EVERYTHING: Position = { commit: 0n, prepare: 0n };

interface EventRow {
  commit: string;
  global_position: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  event_type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: Date;
}

interface AppendRow {
  result_ok: boolean;
  result_revision: string;
  result_commit: string | null;
  result_position: string | null;
}

const EVENT_COLUMNS = `ev.transaction_id::text AS commit, ev.global_position, ev.stream_id, ev.stream_revision, ev.event_id, ev.event_type, ev.data, ev.metadata, ev.recorded_at`;

/**
 * The PostgreSQL event store (schema: event-store-schema.ts; append SQL: append-statement.ts).
 *
 * An append is one statement, which locks only the target stream's row.
 * `$all` is read in (transaction id, global position) order and only below the oldest running
 * transaction, so a reader never passes an event that commits later (gap-free, no write lock).
 * The pool belongs to the caller: `close()` stops subscriptions but does not end the pool.
 */
export class PostgresEventStore implements EventStore, AtomicMultiStreamAppend, MultiStreamRead {
  readonly schema: string;
  private readonly upcast: (event: RecordedEvent) => RecordedEvent;
  private readonly onSubscriptionError: (error: unknown) => void;
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private readonly subscriptions = new Set<PollingAllSubscription>();

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresEventStoreOptions = {},
  ) {
    this.schema = assertSchemaName(options.schema ?? DEFAULT_EVENT_STORE_SCHEMA);
    this.upcast = options.upcast ?? ((event) => event);
    this.onSubscriptionError = options.onSubscriptionError ?? ((error) => console.warn('event store subscription poll failed; retrying', error));
  }

  async appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const result = await this.appendToStreamIn(this.pool, streamId, events, options);
    this.appended.emit(APPENDED);
    return result;
  }

  /** All-or-nothing append to several streams in one statement: one round trip, one commit. */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    const offsets = [0];
    for (const a of appends) offsets.push(offsets[offsets.length - 1]! + a.events.length);
    const all = appends.flatMap((a) => a.events);
    let rows: { stream_id: string; result_revision: string; result_commit: string | null; result_position: string | null }[];
    try {
      ({ rows } = await this.pool.query({
        name: `${this.schema}.append_to_streams`,
        text: `SELECT * FROM ${this.schema}.append_to_streams($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])`,
        values: [
          appends.map((a) => a.streamId),
          appends.map((a) => toExpectedCode(a.expectedRevision)),
          offsets,
          all.map((e) => e.id),
          all.map((e) => e.type),
          all.map((e) => JSON.stringify(e.data)),
          all.map((e) => JSON.stringify(e.metadata)),
        ],
      }));
    } catch (error) {
      const pgError = error as { code?: string; detail?: string };
      if (pgError.code !== 'RV001' || !pgError.detail) throw error;
      const { streamId, actual } = JSON.parse(pgError.detail) as { streamId: string; actual: string | number };
      throw new WrongExpectedRevisionError(streamId, appends.find((a) => a.streamId === streamId)!.expectedRevision, Number(actual));
    }
    this.appended.emit(APPENDED);
    return rows.map(toAppendResult);
  }

  /** Whole streams in one query, each in revision order; missing streams map to []. */
  async readStreams(streamIds: string[]): Promise<Map<string, RecordedEvent[]>> {
    const result = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streamIds.length === 0) return result;
    const { rows } = await this.pool.query<EventRow>({
      name: `${this.schema}.read_streams`,
      text: `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events ev WHERE ev.stream_id = ANY($1::text[]) ORDER BY ev.stream_id, ev.stream_revision`,
      values: [streamIds],
    });
    for (const row of rows) result.get(row.stream_id)!.push(this.toRecordedEvent(row));
    return result;
  }

  /**
   * The same single-call append, on a connection the caller controls: inside the caller's open
   * transaction the events become visible (and reach subscribers) when that transaction commits.
   * A wrong expected revision throws without aborting the caller's transaction.
   */
  async appendToStreamIn(client: pg.Pool | pg.ClientBase, streamId: string, events: EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const { expectedRevision } = options;
    const { rows } = await client.query<AppendRow>(appendStatement(this.schema, streamId, toExpectedCode(expectedRevision), events));
    // One row per appended event (or one from append_to_stream): the last event has the highest position.
    const row = rows.reduce((a, b) => (b.result_position !== null && (a.result_position === null || BigInt(b.result_position) > BigInt(a.result_position)) ? b : a));
    const revision = Number(row.result_revision);
    if (!row.result_ok) throw new WrongExpectedRevisionError(streamId, expectedRevision, revision);
    return toAppendResult(row);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const values: unknown[] = [streamId];
    let sql = `SELECT ${EVENT_COLUMNS} FROM ${this.schema}.events ev WHERE ev.stream_id = $1`;
    if (options.fromRevision !== undefined) {
      values.push(options.fromRevision);
      sql += ` AND ev.stream_revision ${backwards ? '<=' : '>='} $${values.length}`;
    }
    sql += ` ORDER BY ev.stream_revision ${backwards ? 'DESC' : 'ASC'}`;
    if (options.maxCount !== undefined) {
      values.push(options.maxCount);
      sql += ` LIMIT $${values.length}`;
    }
    const { rows } = await this.pool.query<EventRow>(sql, values);
    return rows.map((row) => this.toRecordedEvent(row));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readAllAfter(startOf(options.fromPosition), options.filter, options.maxCount)).events;
  }

  subscribeToAll(options: SubscribeOptions = {}): AllSubscription {
    const { filter } = options;
    const subscription = new PollingAllSubscription(
      (after) => this.readAllAfter(after, filter, SUBSCRIPTION_BATCH_SIZE),
      this.appended,
      startOf(options.fromPosition),
      { idleMs: SUBSCRIPTION_IDLE_MS, backoffMs: 100, maxBackoffMs: 5_000, onError: this.onSubscriptionError },
      (stopped) => this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
  }

  /**
   * Events strictly after `after`, from transactions older than every running one. When the
   * batch is not full, everything below that horizon has been scanned, so the next poll may
   * start at the horizon even if the filter matched nothing.
   */
  private async readAllAfter(after: Position, filter: AllFilter | undefined, limit: number | undefined): Promise<PollResult> {
    const values: unknown[] = [after.commit.toString(), after.prepare.toString()];
    let where = `ev.transaction_id < h.horizon AND (ev.transaction_id, ev.global_position) > ($1::xid8, $2::bigint)`;
    if (filter?.streamPrefixes) {
      values.push(filter.streamPrefixes);
      where += ` AND ev.stream_id ^@ ANY($${values.length}::text[])`;
    }
    if (filter?.eventTypes) {
      values.push(filter.eventTypes);
      where += ` AND ev.event_type = ANY($${values.length}::text[])`;
    }
    let limitSql = '';
    if (limit !== undefined) {
      values.push(limit);
      limitSql = ` LIMIT $${values.length}`;
    }
    const sql = `
      WITH h AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS horizon)
      SELECT h.horizon::text AS horizon, e.* FROM h LEFT JOIN LATERAL (
        SELECT ${EVENT_COLUMNS}, ev.transaction_id FROM ${this.schema}.events ev
        WHERE ${where}
        ORDER BY ev.transaction_id, ev.global_position${limitSql}
      ) e ON true
      ORDER BY e.transaction_id, e.global_position`;
    const { rows } = await this.pool.query<{ horizon: string } & (EventRow | { [K in keyof EventRow]: null })>(sql, values);
    const events = rows.filter((row): row is { horizon: string } & EventRow => row.global_position !== null).map((row) => this.toRecordedEvent(row));
    const full = limit !== undefined && events.length >= limit;
    const last = events.at(-1)?.position ?? after;
    const horizon = BigInt(rows[0]!.horizon);
    const next = full || last.commit >= horizon ? last : { commit: horizon - 1n, prepare: MAX_BIGINT };
    return { events, next, full };
  }

  private toRecordedEvent(row: EventRow): RecordedEvent {
    return this.upcast({
      streamId: row.stream_id,
      revision: Number(row.stream_revision),
      position: { commit: BigInt(row.commit), prepare: BigInt(row.global_position) },
      id: row.event_id,
      type: row.event_type,
      data: row.data,
      metadata: row.metadata,
      recordedAt: row.recorded_at.toISOString(),
    });
  }
}

function startOf(from: FromPosition | undefined): Position {
  return from === undefined || from === START ? BEFORE_EVERYTHING : from;
}

/** An append's outcome row: the stream's new revision and the position of its last event. */
function toAppendResult(row: { result_revision: string; result_commit: string | null; result_position: string | null }): AppendResult {
  return {
    nextExpectedRevision: Number(row.result_revision),
    position: row.result_commit === null ? BEFORE_EVERYTHING : { commit: BigInt(row.result_commit), prepare: BigInt(row.result_position!) },
  };
}

function toExpectedCode(expected: ExpectedRevision): number {
  switch (expected) {
    case 'no_stream':
      return EXPECTED_NO_STREAM;
    case 'any':
      return EXPECTED_ANY;
    case 'stream_exists':
      return EXPECTED_STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected revision must be a non-negative integer, 'no_stream', 'stream_exists' or 'any'; got ${String(expected)}`);
      return expected;
  }
}
