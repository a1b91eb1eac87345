import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../../../shared/postgres/with-transaction.js';
import type { IssuedRefreshToken, RefreshOutcome, SessionStore } from '../../application/identity-ports.js';

/** A new opaque bearer token: 32 random bytes, base64url. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of an opaque token: its SHA-256, hex. The tokens are random, so no salt is needed. */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface PostgresSessionStoreOptions {
  pool: pg.Pool;
  /** Lifetime of each refresh token; 30 days by default. */
  refreshTtlSeconds?: number;
}

interface PresentedTokenRow {
  session_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  session_expires_at: Date;
  revoked_at: Date | null;
}

export const REFRESH_TOKEN_REUSE = 'refresh-token-reuse';

/**
 * Sessions (one per login) and their rotating refresh tokens, in `identity.sessions` and
 * `identity.refresh_tokens`. The session expiry slides: it is always that of its newest token,
 * so a client that keeps refreshing stays logged in and an idle one drops out after the TTL.
 * Rotated tokens are kept (by hash) until the session is deleted, to recognise their reuse.
 */
export class PostgresSessionStore implements SessionStore {
  private readonly pool: pg.Pool;
  private readonly refreshTtlMs: number;

  constructor(options: PostgresSessionStoreOptions) {
    this.pool = options.pool;
    this.refreshTtlMs = (options.refreshTtlSeconds ?? 30 * 24 * 3600) * 1000;
  }

  async start(userId: string, now: Date, meta: { ip?: string; userAgent?: string }): Promise<IssuedRefreshToken> {
    const sessionId = randomUUID();
    const token = newOpaqueToken();
    const expiresAt = new Date(now.getTime() + this.refreshTtlMs);
    await this.pool.query(
      `WITH session AS (
         INSERT INTO identity.sessions (session_id, user_id, created_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING session_id)
       INSERT INTO identity.refresh_tokens (token_hash, session_id, issued_at, expires_at)
       SELECT $7, session_id, $3, $4 FROM session`,
      [sessionId, userId, now, expiresAt, meta.ip ?? null, meta.userAgent ?? null, hashOpaqueToken(token)],
    );
    return { token, sessionId, expiresAt };
  }

  /**
   * Locks the presented token and its session, so concurrent rotations of one token queue: the
   * first wins, the next finds it already rotated and reports reuse, which revokes the family.
   * A client that races itself is thereby logged out too; that is the price of never letting two
   * holders of one token both continue, and the safe side to err on.
   */
  rotate(token: string, now: Date): Promise<RefreshOutcome> {
    return withTransaction(this.pool, (client) => this.rotateIn(client, hashOpaqueToken(token), now));
  }

  async revoke(sessionId: string, now: Date, reason: string): Promise<string | null> {
    // An already revoked session keeps its first revocation time and reason.
    const result = await this.pool.query<{ user_id: string }>(
      `UPDATE identity.sessions SET revoked_at = COALESCE(revoked_at, $2), revoked_reason = COALESCE(revoked_reason, $3)
        WHERE session_id = $1 RETURNING user_id`,
      [sessionId, now, reason],
    );
    return result.rows[0]?.user_id ?? null;
  }

  async revokeAllOf(userId: string, now: Date, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE identity.sessions SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId, now, reason],
    );
  }

  async revokeAllExcept(userId: string, keepSessionId: string, now: Date, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE identity.sessions SET revoked_at = $3, revoked_reason = $4 WHERE user_id = $1 AND session_id <> $2 AND revoked_at IS NULL`,
      [userId, keepSessionId, now, reason],
    );
  }

  async isActive(sessionId: string, userId: string, now: Date): Promise<boolean> {
    // Runs on every authenticated request: one primary-key probe. The owner must match too, so
    // a token naming one person and another person's session is refused.
    const result = await this.pool.query(
      `SELECT 1 FROM identity.sessions WHERE session_id = $1 AND user_id = $2 AND revoked_at IS NULL AND expires_at > $3`,
      [sessionId, userId, now],
    );
    return result.rowCount === 1;
  }

  private async rotateIn(client: pg.PoolClient, tokenHash: string, now: Date): Promise<RefreshOutcome> {
    const presented = await client.query<PresentedTokenRow>(
      `SELECT t.session_id, s.user_id, t.expires_at, t.rotated_at, s.expires_at AS session_expires_at, s.revoked_at
         FROM identity.refresh_tokens t JOIN identity.sessions s ON s.session_id = t.session_id
        WHERE t.token_hash = $1
          FOR UPDATE OF t, s`,
      [tokenHash],
    );
    const row = presented.rows[0];
    if (!row || row.revoked_at !== null || row.expires_at <= now || row.session_expires_at <= now) return { kind: 'invalid' };
    if (row.rotated_at !== null) {
      await client.query(`UPDATE identity.sessions SET revoked_at = $2, revoked_reason = $3 WHERE session_id = $1`, [
        row.session_id,
        now,
        REFRESH_TOKEN_REUSE,
      ]);
      return { kind: 'reused', userId: row.user_id, sessionId: row.session_id };
    }
    const token = newOpaqueToken();
    const expiresAt = new Date(now.getTime() + this.refreshTtlMs);
    await client.query(`UPDATE identity.refresh_tokens SET rotated_at = $2 WHERE token_hash = $1`, [tokenHash, now]);
    await client.query(
      `INSERT INTO identity.refresh_tokens (token_hash, session_id, issued_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [hashOpaqueToken(token), row.session_id, now, expiresAt],
    );
    await client.query(`UPDATE identity.sessions SET expires_at = $2 WHERE session_id = $1`, [row.session_id, expiresAt]);
    return { kind: 'rotated', userId: row.user_id, refresh: { token, sessionId: row.session_id, expiresAt } };
  }
}
