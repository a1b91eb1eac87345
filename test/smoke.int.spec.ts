import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './support/test-database.js';

describe('test infrastructure', () => {
  it('gives each file a real, empty PostgreSQL database', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'`);
    await client.end();
    await db.drop();
    expect(rows[0]!.n).toBe('0');
  });
});
