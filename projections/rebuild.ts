import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { EventStore, Position } from '../src/shared/event-store/event-store.js';
import { migrateReadModels } from '../read-models/migrate.js';
import { createAnalyticsViews } from '../src/analytics/infrastructure/analytics-schema.js';
import { installBusySignals } from '../src/scheduling/infrastructure/busy-signals.js';
import { LIVE_READ_MODEL_SCHEMA, quoteSchema } from '../read-models/schema-name.js';
import { ALL_PROJECTIONS, selectProjections } from './all-projections.js';
import type { Projection } from './projection.js';
import { Projector, readCheckpoints, type Checkpoint } from './projector.js';

export interface RebuildOptions {
  store: EventStore;
  pool: pg.Pool;
  /** A projection name (see ALL_PROJECTIONS) or 'all'. */
  projection: string | 'all';
  liveSchema?: string;
  /** Schema to build into; default `<liveSchema>_rebuild_<unique>`. It must not exist yet. */
  schema?: string;
  /** Keep the rebuilt schema instead of dropping it (to inspect it or switch to it). */
  keep?: boolean;
  /** Events per transaction. */
  batchSize?: number;
}

export interface TableDifference {
  table: string;
  onlyInLive: number;
  onlyInRebuild: number;
  /** A few differing rows from each side. */
  samples: { side: 'live' | 'rebuild'; row: Record<string, unknown> }[];
}

export interface RebuildReport {
  equal: boolean;
  /** Only tables that differ. */
  differences: TableDifference[];
  /** Events read from the store. */
  events: number;
  seconds: number;
  schema: string;
  /** Live checkpoint per projection the comparison was made at (null: never ran). */
  comparedAt: Record<string, Position | null>;
}

export interface ProjectFromScratchOptions {
  store: EventStore;
  pool: pg.Pool;
  projections: readonly Projection[];
  /** A schema that does not exist yet; it is created and migrated. */
  schema: string;
  /** Stop each projection at this position (default: everything the store has now). */
  until?: ReadonlyMap<string, Position>;
  batchSize?: number;
  /**
   * true (default): finish with ordinary (WAL-logged, crash-safe) tables and every index, ready
   * to be switched to. false: leave a throwaway schema that is only good for comparing.
   */
  durable?: boolean;
}

/**
 * Projects from position zero into a new schema as fast as it can. While the rows go in, the
 * projections' tables are UNLOGGED (no WAL for the bulk of the writes), secondary indexes
 * (the GiST range index above all) are dropped, and commits do not wait for a WAL flush; at
 * the end, when durable, the tables are made logged and the indexes built, each in one pass,
 * which costs far less than maintaining them row by row. The returned projector can carry the
 * schema further.
 */
export async function projectFromScratch(options: ProjectFromScratchOptions): Promise<{ projector: Projector; events: number; seconds: number }> {
  const began = performance.now();
  const { store, pool, schema } = options;
  const durable = options.durable ?? true;
  await assertFreshSchema(pool, schema);
  await migrateReadModels(pool, schema);
  const tables = [...new Set(options.projections.flatMap((p) => p.tables))].map((t) => `${quoteSchema(schema)}.${t}`);
  await Promise.all(tables.map((t) => pool.query(`ALTER TABLE IF EXISTS ${t} SET UNLOGGED`)));
  const indexes = await dropSecondaryIndexes(pool, schema);
  const projector = new Projector({ store, pool, projections: options.projections, schema, batchSize: options.batchSize ?? 2000, synchronousCommit: false });
  const events = await projector.catchUp({ until: options.until });
  if (durable) {
    // Logged first: making a table logged rewrites it together with its indexes.
    await Promise.all(tables.map((t) => pool.query(`ALTER TABLE IF EXISTS ${t} SET LOGGED`)));
    await Promise.all(indexes.map((definition) => buildIndex(pool, definition)));
    if (tables.length > 0) await pool.query(`ANALYZE ${tables.join(', ')}`);
  }
  return { projector, events, seconds: (performance.now() - began) / 1000 };
}

async function assertFreshSchema(pool: pg.Pool, schema: string): Promise<void> {
  const { rows } = await pool.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (rows.length > 0) throw new Error(`schema ${schema} already exists; a rebuild needs a fresh one`);
}

/** Drops the indexes no constraint needs (ON CONFLICT needs the unique ones); returns their definitions. */
async function dropSecondaryIndexes(pool: pg.Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND NOT i.indisunique`,
    [schema],
  );
  if (rows.length > 0) await pool.query(`DROP INDEX ${rows.map((r) => r.name).join(', ')}`);
  return rows.map((r) => r.definition);
}

async function buildIndex(pool: pg.Pool, definition: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem TO '256MB'`);
    await client.query(definition);
  } finally {
    await client.query('RESET maintenance_work_mem').catch(() => {});
    client.release();
  }
}

/** "Before every event", so a projection that never ran live is rebuilt to nothing. */
const NOTHING: Position = { commit: -1n, prepare: -1n };
const SAMPLES = 5;

function limitsOf(checkpoints: Map<string, Checkpoint>, names: readonly string[]): Map<string, Position> {
  return new Map(names.map((n) => [n, checkpoints.get(n) ?? NOTHING]));
}

/**
 * Rebuilds read models from position zero into a fresh schema and compares them with the live
 * ones (DESIGN.md invariant 2). Fair while the live projector keeps running: the rebuild first
 * catches up to the live checkpoints read at the start; then the live checkpoint table is
 * locked (SHARE, so live batches wait at their compare-and-swap), the rebuild applies exactly up
 * to the now-frozen live checkpoints, and the tables are compared row by row (all columns:
 * projections take every value from the events, so equal logs give equal rows).
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildReport> {
  const began = performance.now();
  const { store, pool } = options;
  const liveSchema = options.liveSchema ?? LIVE_READ_MODEL_SCHEMA;
  const projections = selectProjections(options.projection);
  const names = projections.map((p) => p.name);
  const schema = options.schema ?? `${liveSchema}_rebuild_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  if (schema === liveSchema) throw new Error('the rebuild schema must differ from the live one');

  await assertFreshSchema(pool, schema);
  let keep = options.keep ?? false;
  try {
    const until = limitsOf(await readCheckpoints(pool, liveSchema, names), names);
    const { projector, events: caughtUp } = await projectFromScratch({ store, pool, projections, schema, batchSize: options.batchSize, until, durable: keep });
    let events = caughtUp;

    const frozen = await pool.connect();
    try {
      await frozen.query('BEGIN');
      // A table lock, not row locks: a live batch takes it before any checkpoint row, so the two cannot deadlock.
      await frozen.query(`LOCK TABLE ${quoteSchema(liveSchema)}.projection_checkpoints IN SHARE MODE`);
      const live = await readCheckpoints(frozen, liveSchema, names);
      events += await projector.catchUp({ until: limitsOf(live, names) });
      const differences: TableDifference[] = [];
      for (const table of projections.flatMap((p) => p.tables)) {
        const difference = await compareTable(frozen, liveSchema, schema, table);
        if (difference.onlyInLive > 0 || difference.onlyInRebuild > 0) differences.push(difference);
      }
      await frozen.query('COMMIT');
      return {
        equal: differences.length === 0,
        differences,
        events,
        seconds: (performance.now() - began) / 1000,
        schema,
        comparedAt: Object.fromEntries(names.map((n) => [n, live.get(n) ?? null])),
      };
    } catch (error) {
      await frozen.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      frozen.release();
    }
  } catch (error) {
    keep = false;
    throw error;
  } finally {
    if (!keep) await pool.query(`DROP SCHEMA IF EXISTS ${quoteSchema(schema)} CASCADE`);
  }
}

/** Rows of `table` present on one side only (EXCEPT ALL both ways, over the rebuilt table's columns). */
async function compareTable(client: pg.ClientBase, liveSchema: string, rebuildSchema: string, table: string): Promise<TableDifference> {
  const { rows: columns } = await client.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
    [rebuildSchema, table],
  );
  const list = columns.map((c) => `"${c.column_name}"`).join(', ');
  const live = `SELECT ${list} FROM ${quoteSchema(liveSchema)}.${table}`;
  const rebuilt = `SELECT ${list} FROM ${quoteSchema(rebuildSchema)}.${table}`;
  const { rows } = await client.query<{ only_in_live: string; only_in_rebuild: string; live_samples: Record<string, unknown>[]; rebuild_samples: Record<string, unknown>[] }>(`
    WITH only_live AS (${live} EXCEPT ALL ${rebuilt}),
         only_rebuild AS (${rebuilt} EXCEPT ALL ${live})
    SELECT (SELECT count(*) FROM only_live) AS only_in_live,
           (SELECT count(*) FROM only_rebuild) AS only_in_rebuild,
           (SELECT coalesce(jsonb_agg(to_jsonb(s)), '[]') FROM (SELECT * FROM only_live LIMIT ${SAMPLES}) s) AS live_samples,
           (SELECT coalesce(jsonb_agg(to_jsonb(s)), '[]') FROM (SELECT * FROM only_rebuild LIMIT ${SAMPLES}) s) AS rebuild_samples`);
  const r = rows[0]!;
  return {
    table,
    onlyInLive: Number(r.only_in_live),
    onlyInRebuild: Number(r.only_in_rebuild),
    samples: [...r.live_samples.map((row) => ({ side: 'live' as const, row })), ...r.rebuild_samples.map((row) => ({ side: 'rebuild' as const, row }))],
  };
}

/**
 * Makes a rebuilt schema (built with projection 'all' and `keep: true`) the live one: the
 * live schema is renamed to `<liveSchema>_retired_<unique>` (returned; drop it when done) and
 * the rebuilt one takes its name. A running live projector notices at its next transaction
 * (its checkpoint compare-and-swap fails and the stored checkpoint is behind its own), drops
 * what it had received and starts over from the switched-in schema's checkpoints. The views of
 * schema `analytics` are recreated over the switched-in tables in the same transaction.
 */
export async function switchReadModel(pool: pg.Pool, options: { schema: string; liveSchema?: string }): Promise<{ retiredSchema: string }> {
  const liveSchema = options.liveSchema ?? LIVE_READ_MODEL_SCHEMA;
  const built = await readCheckpoints(pool, options.schema).catch(() => new Map<string, Checkpoint>());
  const missing = ALL_PROJECTIONS.map((p) => p.name).filter((name) => !built.has(name));
  if (missing.length > 0) throw new Error(`schema ${options.schema} lacks read models ${missing.join(', ')}; only a rebuild of 'all' can be switched to`);
  const retiredSchema = `${liveSchema}_retired_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`ALTER SCHEMA ${quoteSchema(liveSchema)} RENAME TO ${quoteSchema(retiredSchema)}`);
    await client.query(`ALTER SCHEMA ${quoteSchema(options.schema)} RENAME TO ${quoteSchema(liveSchema)}`);
    // Analysts' views bound to the old tables; rebind them in the same transaction.
    await createAnalyticsViews(client, liveSchema);
    // The busy-stream triggers live on the occupancy table, which the switch just replaced.
    await installBusySignals(client, liveSchema);
    await client.query('COMMIT');
    return { retiredSchema };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
