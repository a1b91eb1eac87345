import type pg from 'pg';
import { withTransaction } from '../../shared/postgres/with-transaction.js';
import type { HttpResponse } from '../http-response.js';
import type { IdempotencyClaim, IdempotencyStore, IdempotentRequest } from './idempotency-store.js';

const HOUR_MS = 3_600_000;

export interface PostgresIdempotencyStoreOptions {
  /** How long a completed response is replayed; 24 hours by default. */
  ttlMs?: number;
  /** After this long an unfinished claim (its process died) may be taken over by a retry; 2 minutes by default. */
  inFlightLeaseMs?: number;
}

/** Creates schema `http` and its table; safe to run concurrently and repeatedly. */
export async function ensureIdempotencySchema(pool: pg.Pool): Promise<void> {
  // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog; serialise the DDL.
  await withTransaction(pool, async (client) => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS http`);
    await client.query(`
      CREATE TABLE IF NOT EXISTS http.idempotency_keys (
        actor_id        text        NOT NULL,
        idempotency_key text        NOT NULL,
        fingerprint     text        NOT NULL,
        state           text        NOT NULL CHECK (state IN ('in_flight', 'completed')),
        status          integer,
        headers         jsonb,
        body            text,
        created_at      timestamptz NOT NULL,
        lease_until     timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (actor_id, idempotency_key)
      )`);
    await client.query(`CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at_idx ON http.idempotency_keys (expires_at)`);
  }, { advisoryLock: 'reserva.http.idempotency_keys' });
}

interface KeyRow {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  status: number | null;
  headers: Record<string, string> | null;
  body: string | null;
}

export class PostgresIdempotencyStore implements IdempotencyStore {
  private readonly ttlMs: number;
  private readonly inFlightLeaseMs: number;

  constructor(
    private readonly pool: pg.Pool,
    options: PostgresIdempotencyStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * HOUR_MS;
    this.inFlightLeaseMs = options.inFlightLeaseMs ?? 2 * 60_000;
  }

  async claim(request: IdempotentRequest, now: Date): Promise<IdempotencyClaim> {
    // The row may vanish between the failed insert and the read (a release); then try again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await this.pool.query(
        `INSERT INTO http.idempotency_keys AS k (actor_id, idempotency_key, fingerprint, state, created_at, lease_until, expires_at)
         VALUES ($1, $2, $3, 'in_flight', $4, $5, $6)
         ON CONFLICT (actor_id, idempotency_key) DO UPDATE
            SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight', status = NULL, headers = NULL, body = NULL,
                created_at = EXCLUDED.created_at, lease_until = EXCLUDED.lease_until, expires_at = EXCLUDED.expires_at
          WHERE k.expires_at <= EXCLUDED.created_at
             OR (k.state = 'in_flight' AND k.lease_until <= EXCLUDED.created_at AND k.fingerprint = EXCLUDED.fingerprint)
         RETURNING 1`,
        [request.actorId, request.key, request.fingerprint, now, new Date(now.getTime() + this.inFlightLeaseMs), new Date(now.getTime() + this.ttlMs)],
      );
      if (inserted.rowCount === 1) return { outcome: 'claimed' };
      const existing = await this.pool.query<KeyRow>(
        `SELECT fingerprint, state, status, headers, body FROM http.idempotency_keys WHERE actor_id = $1 AND idempotency_key = $2`,
        [request.actorId, request.key],
      );
      const row = existing.rows[0];
      if (!row) continue;
      if (row.fingerprint !== request.fingerprint) return { outcome: 'mismatch' };
      if (row.state === 'in_flight') return { outcome: 'in_flight' };
      return { outcome: 'replay', response: { status: row.status!, headers: row.headers ?? {}, body: row.body === null ? undefined : JSON.parse(row.body) } };
    }
    throw new Error('idempotency key claim kept racing with releases');
  }

  async complete(request: IdempotentRequest, response: HttpResponse): Promise<void> {
    await this.pool.query(
      `UPDATE http.idempotency_keys SET state = 'completed', status = $4, headers = $5, body = $6
        WHERE actor_id = $1 AND idempotency_key = $2 AND fingerprint = $3 AND state = 'in_flight'`,
      [request.actorId, request.key, request.fingerprint, response.status, JSON.stringify(response.headers), response.body === undefined ? null : JSON.stringify(response.body)],
    );
  }

  async release(request: IdempotentRequest): Promise<void> {
    await this.pool.query(
      `DELETE FROM http.idempotency_keys WHERE actor_id = $1 AND idempotency_key = $2 AND fingerprint = $3 AND state = 'in_flight'`,
      [request.actorId, request.key, request.fingerprint],
    );
  }

  /** Deletes expired keys; returns how many. Expired keys are also reused in place, so this only reclaims space. */
  async purgeExpired(now: Date): Promise<number> {
    const result = await this.pool.query(`DELETE FROM http.idempotency_keys WHERE expires_at <= $1`, [now]);
    return result.rowCount ?? 0;
  }
}
