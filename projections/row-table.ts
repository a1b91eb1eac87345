import type pg from 'pg';
import type { RecordedEvent } from '../src/shared/event-store/event-store.js';

export type ColumnType = 'text' | 'integer' | 'double precision' | 'boolean' | 'timestamptz' | 'jsonb' | 'text[]';

/**
 * A read-model table whose rows each mirror one stream (`revision` = the stream revision of
 * the last event applied). Timestamps are ISO strings in memory so a row folded in memory and
 * the same row read back from the table are equal.
 */
export interface RowTable<Row extends { revision: number }> {
  name: string;
  key: keyof Row & string;
  columns: { readonly [K in keyof Row & string]: ColumnType };
}

function columnNames<Row extends { revision: number }>(table: RowTable<Row>): string[] {
  return Object.keys(table.columns);
}

export async function loadRows<Row extends { revision: number }>(client: pg.ClientBase, table: RowTable<Row>, ids: readonly string[]): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>();
  if (ids.length === 0) return rows;
  const columns = columnNames(table);
  const { rows: found } = await client.query(`SELECT ${columns.join(', ')} FROM ${table.name} WHERE ${table.key} = ANY($1::text[])`, [ids]);
  for (const r of found) {
    for (const c of columns) if (r[c] instanceof Date) r[c] = (r[c] as Date).toISOString();
    rows.set(r[table.key] as string, r as Row);
  }
  return rows;
}

const upsertSql = new WeakMap<object, string>();

/** One multi-row upsert for the whole batch (rows sorted by key so concurrent writers lock in the same order). */
export async function upsertRows<Row extends { revision: number }>(client: pg.ClientBase, table: RowTable<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  let sql = upsertSql.get(table);
  if (!sql) {
    const columns = columnNames(table);
    const list = columns.join(', ');
    const types = columns.map((c) => `${c} ${table.columns[c as keyof Row & string]}`).join(', ');
    const updates = columns.filter((c) => c !== table.key).map((c) => `${c} = EXCLUDED.${c}`).join(', ');
    // The revision guard keeps a redelivered older state from overwriting a newer row.
    sql = `INSERT INTO ${table.name} AS t (${list}) SELECT ${list} FROM json_to_recordset($1::json) AS r(${types})
      ON CONFLICT (${table.key}) DO UPDATE SET ${updates} WHERE t.revision < EXCLUDED.revision`;
    upsertSql.set(table, sql);
  }
  const sorted = [...rows].sort((a, b) => compareText(a[table.key] as string, b[table.key] as string));
  await client.query(sql, [JSON.stringify(sorted)]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface RowFold<Row extends { revision: number }> {
  /** The row (stream) an event belongs to, or undefined to ignore the event. */
  idOf(event: RecordedEvent): string | undefined;
  /** Whether the event creates its row (no need to load it first). */
  creates(event: RecordedEvent): boolean;
  /** The row after the event, or undefined when the event changes nothing. */
  evolve(row: Row | undefined, event: RecordedEvent): Row | undefined;
}

/**
 * Folds a batch of events into rows in memory and writes each changed row once: one SELECT
 * for rows the batch does not create, one upsert. Events at or below a row's revision were
 * applied already and are skipped (idempotent under redelivery).
 */
export async function foldIntoRows<Row extends { revision: number }>(client: pg.ClientBase, table: RowTable<Row>, events: readonly RecordedEvent[], fold: RowFold<Row>): Promise<void> {
  const toLoad = new Set<string>();
  const seen = new Set<string>();
  for (const e of events) {
    const id = fold.idOf(e);
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    if (!fold.creates(e)) toLoad.add(id);
  }
  const rows = await loadRows(client, table, [...toLoad]);
  const changed = new Set<string>();
  for (const e of events) {
    const id = fold.idOf(e);
    if (id === undefined) continue;
    const row = rows.get(id);
    if (row && e.revision <= row.revision) continue;
    const next = fold.evolve(row, e);
    if (next === undefined) continue;
    rows.set(id, next);
    changed.add(id);
  }
  await upsertRows(client, table, [...changed].map((id) => rows.get(id)!));
}

/** Instants are stored as normalised ISO strings so equal instants compare equal as text. */
export function iso(instant: string): string {
  return new Date(instant).toISOString();
}
