import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { PostgresIdempotencyStore, ensureIdempotencySchema } from './postgres-idempotency-store.js';

const HOUR = 3_600_000;
const T0 = new Date('2030-01-01T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const response = { status: 201, headers: { 'Content-Type': 'application/json', ETag: '"0"' }, body: { id: 'b-1', nested: { z: 1, a: [1, 2] } } };

describe('PostgresIdempotencyStore', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let store: PostgresIdempotencyStore;
  let n = 0;
  const request = (fingerprint = 'f-1') => ({ actorId: 'alice', key: `k-${++n}`, fingerprint });

  beforeAll(async () => {
    db = await createTestDatabase('idem');
    pool = new pg.Pool({ connectionString: db.url, max: 6 });
    // Concurrent and repeated set-up is safe.
    await Promise.all([ensureIdempotencySchema(pool), ensureIdempotencySchema(pool), ensureIdempotencySchema(pool)]);
    await ensureIdempotencySchema(pool);
    store = new PostgresIdempotencyStore(pool, { inFlightLeaseMs: 60_000 });
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  it('claims a new key once, then replays the completed response exactly', async () => {
    const r = request();
    expect(await store.claim(r, T0)).toEqual({ outcome: 'claimed' });
    expect(await store.claim(r, at(1000))).toEqual({ outcome: 'in_flight' });
    await store.complete(r, response);
    expect(await store.claim(r, at(2000))).toEqual({ outcome: 'replay', response });
  });

  it('reports a different fingerprint under the same key as a mismatch', async () => {
    const r = request('f-1');
    await store.claim(r, T0);
    await store.complete(r, response);
    expect(await store.claim({ ...r, fingerprint: 'f-2' }, at(1000))).toEqual({ outcome: 'mismatch' });
    expect(await store.claim({ ...r, actorId: 'bob', fingerprint: 'f-2' }, at(1000))).toEqual({ outcome: 'claimed' });
  });

  it('forgets a released claim', async () => {
    const r = request();
    await store.claim(r, T0);
    await store.release(r);
    expect(await store.claim(r, at(1000))).toEqual({ outcome: 'claimed' });
  });

  it('lets one of many concurrent claims win', async () => {
    const r = request();
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => store.claim(r, T0)));
    expect(outcomes.filter((o) => o.outcome === 'claimed')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'in_flight')).toHaveLength(7);
  });

  it('lets a retry take over a claim whose lease ran out (its process died)', async () => {
    const r = request();
    await store.claim(r, T0);
    expect(await store.claim(r, at(59_000))).toEqual({ outcome: 'in_flight' });
    expect(await store.claim(r, at(61_000))).toEqual({ outcome: 'claimed' });
  });

  it('expires keys after 24 hours and purges them', async () => {
    const r = request();
    await store.claim(r, T0);
    await store.complete(r, response);
    expect((await store.claim({ ...r, fingerprint: 'other' }, at(23 * HOUR))).outcome).toBe('mismatch');
    expect(await store.claim({ ...r, fingerprint: 'other' }, at(24 * HOUR))).toEqual({ outcome: 'claimed' });

    const old = request();
    await store.claim(old, T0);
    expect(await store.purgeExpired(at(48 * HOUR))).toBeGreaterThanOrEqual(1);
    const left = await pool.query(`SELECT 1 FROM http.idempotency_keys WHERE expires_at <= $1`, [at(48 * HOUR)]);
    expect(left.rowCount).toBe(0);
  });
});
