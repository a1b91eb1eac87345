import type pg from 'pg';

/** Anything that runs a query: the pool, or a client inside the caller's transaction. */
export type Db = pg.Pool | pg.ClientBase;

/** A page of results and how many match in all. */
export interface Page<T> {
  items: T[];
  total: number;
}

export function isoOf(value: Date): string;
export function isoOf(value: Date | null): string | null;
export function isoOf(value: Date | null): string | null {
  return value === null ? null : value.toISOString();
}

/** Builds a WHERE clause from optional conditions, numbering bind parameters as they are added. */
export class Conditions {
  readonly values: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds `clause` with `$?` standing for the next parameter(s), in order. */
  add(clause: string, ...values: unknown[]): this {
    let i = 0;
    this.clauses.push(clause.replace(/\$\?/g, () => `$${this.values.length + ++i}`));
    this.values.push(...values);
    return this;
  }

  /** Binds `value` as the next parameter and returns its placeholder (`$3`), for SQL outside the WHERE clause. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  where(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`;
  }
}

/**
 * One page of `sql`'s rows in `order` (columns of the subquery `page`) and the total count,
 * counted in the same statement (a second one only when the page is past the end).
 */
export async function queryPage<R extends object>(db: Db, sql: string, values: unknown[], order: string, limit: number, offset: number): Promise<{ rows: R[]; total: number }> {
  const n = values.length;
  const { rows } = await db.query<R & { page_total: string }>(
    `SELECT page.*, count(*) OVER () AS page_total FROM (${sql}) page ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...values, limit, offset],
  );
  if (rows.length > 0) return { rows, total: Number(rows[0]!.page_total) };
  if (offset === 0) return { rows, total: 0 };
  const counted = await db.query<{ total: string }>(`SELECT count(*) AS total FROM (${sql}) page`, values);
  return { rows, total: Number(counted.rows[0]!.total) };
}
