import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { withTransaction } from './with-transaction.js';

describe('withTransaction', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const names = async () => (await pool.query<{ name: string }>('SELECT name FROM items ORDER BY name')).rows.map((r) => r.name);

  beforeAll(async () => {
    db = await createTestDatabase('with_tx');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    await pool.query('CREATE TABLE items (name text PRIMARY KEY)');
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('commits what the work did and answers its result', async () => {
    const result = await withTransaction(pool, async (client) => {
      await client.query(`INSERT INTO items VALUES ('committed')`);
      return 42;
    });
    expect(result).toBe(42);
    expect(await names()).toContain('committed');
  });

  it('rolls back when the work throws, rethrows its error and releases the client', async () => {
    const failure = new Error('work failed');
    const outcome = withTransaction(pool, async (client) => {
      await client.query(`INSERT INTO items VALUES ('rolled-back')`);
      throw failure;
    });
    await expect(outcome).rejects.toBe(failure);
    expect(await names()).not.toContain('rolled-back');
    expect(pool.idleCount).toBe(pool.totalCount);
  });

  it('runs transactions naming the same advisory lock one at a time, and others alongside', async () => {
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let entered!: () => void;
    const firstHoldsLock = new Promise<void>((resolve) => (entered = resolve));
    const first = withTransaction(
      pool,
      async () => {
        entered();
        await gate;
        order.push('first');
      },
      { advisoryLock: 'with-transaction-spec' },
    );
    await firstHoldsLock;
    const second = withTransaction(pool, async () => void order.push('second'), { advisoryLock: 'with-transaction-spec' });
    // A transaction under another lock is not held up.
    await withTransaction(pool, async () => void order.push('other'), { advisoryLock: 'with-transaction-spec-other' });
    await waitForAdvisoryLockWaiters(1);
    expect(order).toEqual(['other']);
    open();
    await Promise.all([first, second]);
    expect(order).toEqual(['other', 'first', 'second']);
  });

  /** Until `count` sessions wait for an advisory lock (the second transaction is queued). */
  async function waitForAdvisoryLockWaiters(count: number): Promise<void> {
    for (;;) {
      const { rows } = await pool.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      if (rows[0]!.waiting >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
});
