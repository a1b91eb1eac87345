import type pg from 'pg';
import type { OneTimePurpose, OneTimeTokens } from '../../application/identity-ports.js';
import { hashOpaqueToken, newOpaqueToken } from './postgres-session-store.js';

/** Emailed single-use tokens in `identity.one_time_tokens`, stored by hash only. */
export class PostgresOneTimeTokens implements OneTimeTokens {
  constructor(private readonly pool: pg.Pool) {}

  /** Also voids the user's earlier tokens for this purpose: only the newest emailed link works. */
  async issue(purpose: OneTimePurpose, userId: string, now: Date, ttlSeconds: number): Promise<string> {
    const token = newOpaqueToken();
    await this.pool.query(
      `WITH earlier AS (DELETE FROM identity.one_time_tokens WHERE user_id = $2 AND purpose = $3)
       INSERT INTO identity.one_time_tokens (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`,
      [hashOpaqueToken(token), userId, purpose, new Date(now.getTime() + ttlSeconds * 1000)],
    );
    return token;
  }

  async consume(purpose: OneTimePurpose, token: string, now: Date): Promise<string | null> {
    const result = await this.pool.query<{ user_id: string }>(
      `UPDATE identity.one_time_tokens SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING user_id`,
      [hashOpaqueToken(token), purpose, now],
    );
    return result.rows[0]?.user_id ?? null;
  }

  async peek(purpose: OneTimePurpose, token: string, now: Date): Promise<string | null> {
    const result = await this.pool.query<{ user_id: string }>(
      `SELECT user_id FROM identity.one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`,
      [hashOpaqueToken(token), purpose, now],
    );
    return result.rows[0]?.user_id ?? null;
  }
}
