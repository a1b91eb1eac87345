import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';
import { loadMigrations, migrateReadModels } from './migrate.js';

describe('migrateReadModels', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('rm_migrate');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('applies every migration once, in order, recorded in the schema itself', async () => {
    const all = (await loadMigrations()).map((m) => m.version);
    expect(await migrateReadModels(pool, 'rm')).toEqual(all);
    expect(await migrateReadModels(pool, 'rm')).toEqual([]);
    const { rows } = await pool.query('SELECT version FROM rm.schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(all);
    const tables = await pool.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'rm' ORDER BY table_name`);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['blackouts', 'booking_history', 'bookings', 'occupancy', 'occupancy_intervals', 'projection_checkpoints', 'resources', 'sites', 'spaces']),
    );
  });

  it('is safe when several processes migrate at once, and keeps schemas apart', async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: db.url, max: 1 }));
    try {
      const applied = await Promise.all(pools.map((p, i) => migrateReadModels(p, i % 2 === 0 ? 'rm_a' : 'rm_b')));
      expect(applied.filter((a) => a.length > 0)).toHaveLength(2);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    await pool.query(`INSERT INTO rm_a.sites VALUES ('s1', 'A', 'addr', 'Berlin', 0, 0, 'Europe/Berlin', 'office', now(), now(), 0)`);
    expect((await pool.query('SELECT count(*)::int AS n FROM rm_b.sites')).rows[0].n).toBe(0);
  });

  it('indexes occupancy for range search by target (btree_gist)', async () => {
    const { rows } = await pool.query(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'rm' AND indexname = 'occupancy_target_during_idx'`);
    expect(rows[0].indexdef).toContain('USING gist (target_id, during)');
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(migrateReadModels(pool, 'rm; DROP TABLE x')).rejects.toThrow(/invalid read-model schema name/);
  });
});
