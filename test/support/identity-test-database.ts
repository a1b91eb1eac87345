import pg from 'pg';
import { ensureIdentitySchema } from '../../src/identity/infrastructure/postgres/identity-schema.js';
import { createTestDatabase } from './test-database.js';

export interface IdentityTestDatabase {
  url: string;
  pool: pg.Pool;
  /** Ends the pool and drops the database. */
  close(): Promise<void>;
}

/** A fresh database with schema `identity`, and a pool on it. */
export async function identityTestDatabase(prefix: string, options: { maxConnections?: number } = {}): Promise<IdentityTestDatabase> {
  const db = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: options.maxConnections ?? 6 });
  try {
    await ensureIdentitySchema(pool);
  } catch (error) {
    await pool.end();
    await db.drop();
    throw error;
  }
  return {
    url: db.url,
    pool,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}
