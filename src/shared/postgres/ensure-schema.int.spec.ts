import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { ensureSchema } from './ensure-schema.js';

const V1 = `CREATE SCHEMA IF NOT EXISTS demo; CREATE TABLE IF NOT EXISTS demo.items (id int PRIMARY KEY, label text); CREATE INDEX IF NOT EXISTS items_label ON demo.items (label);`;

describe('ensureSchema', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  beforeAll(async () => {
    db = await createTestDatabase('ensure');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('applies the SQL once and then leaves tables that writers hold alone', async () => {
    await ensureSchema(pool, 'demo', V1);
    const writer = await pool.connect();
    try {
      // A consumer mid-transaction on the table: re-running CREATE INDEX IF NOT EXISTS would wait for it (and deadlock it).
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO demo.items VALUES (1, 'a')`);
      // A process starting now: were it to take a table lock, it would fail on lock_timeout instead of hanging.
      const later = new pg.Pool({ connectionString: db.url, max: 2, options: '-c lock_timeout=2000' });
      try {
        await ensureSchema(later, 'demo', V1);
      } finally {
        await later.end();
      }
      await writer.query('COMMIT');
    } finally {
      writer.release();
    }
    const { rows } = await pool.query(`SELECT name FROM public.reserva_schema_versions`);
    expect(rows).toEqual([{ name: 'demo' }]);
  });

  it('applies a new version of the SQL', async () => {
    await ensureSchema(pool, 'demo', `${V1} ALTER TABLE demo.items ADD COLUMN IF NOT EXISTS extra text;`);
    const { rows } = await pool.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'demo' AND table_name = 'items' ORDER BY column_name`);
    expect(rows.map((r) => r.column_name)).toEqual(['extra', 'id', 'label']);
  });

  it('lets concurrent first applications queue instead of colliding', async () => {
    const sql = `CREATE SCHEMA IF NOT EXISTS race; CREATE TABLE IF NOT EXISTS race.t (id int); CREATE INDEX IF NOT EXISTS t_id ON race.t (id);`;
    await Promise.all(Array.from({ length: 4 }, () => ensureSchema(pool, 'race', sql)));
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM public.reserva_schema_versions WHERE name = 'race'`);
    expect(rows[0].n).toBe(1);
  });
});
