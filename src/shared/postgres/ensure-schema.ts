import { createHash } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from './with-transaction.js';

/**
 * Applies a context's idempotent schema SQL once per version of that SQL. Re-running
 * `CREATE INDEX IF NOT EXISTS` and the like still takes table locks, and a process that
 * started later would deadlock with a consumer already writing those tables; so the
 * version applied is recorded and a matching version costs one catalog read, no locks.
 * First applications queue on an advisory lock across processes.
 */
export async function ensureSchema(pool: pg.Pool, name: string, sql: string): Promise<void> {
  const version = createHash('sha256').update(sql).digest('hex');
  const applied = async (db: pg.Pool | pg.PoolClient) =>
    (
      await db.query<{ version: string }>(`SELECT version FROM public.reserva_schema_versions WHERE name = $1`, [name]).catch((error: { code?: string }) => {
        if (error.code === '42P01') return { rows: [] }; // the table itself is not there yet
        throw error;
      })
    ).rows[0]?.version === version;
  if (await applied(pool)) return;
  await withTransaction(
    pool,
    async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS public.reserva_schema_versions (name text PRIMARY KEY, version text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      if (await applied(client)) return;
      await client.query(sql);
      await client.query(
        `INSERT INTO public.reserva_schema_versions (name, version) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, applied_at = now()`,
        [name, version],
      );
    },
    { advisoryLock: 'reserva.schema_versions' },
  );
}
