import type pg from 'pg';

export interface TransactionOptions {
  /**
   * Name of a transaction-level advisory lock taken first: transactions naming the same lock
   * run one at a time, across processes.
   */
  advisoryLock?: string;
}

/**
 * Runs `work` in one transaction on a client of its own: committed when `work` resolves, rolled
 * back (and the error rethrown) when it throws; the client goes back to the pool either way.
 */
export async function withTransaction<R>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<R>, options: TransactionOptions = {}): Promise<R> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    if (options.advisoryLock !== undefined) await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [options.advisoryLock]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A failing ROLLBACK (connection gone) must not hide the error that got us here.
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
