import type pg from 'pg';
import type { FeedScope, FeedSubscription, FeedTokenStore } from '../application/calendar-feed-ports.js';

const key = (scope: FeedScope) => (scope.kind === 'person' ? ['person', ''] : ['space', scope.spaceId]);

// One row per owner and scope: a new token replaces the old one's hash (the old URL stops working).
const REPLACE = `
  INSERT INTO calendar.feed_tokens (token_hash, owner_id, kind, space_id, created_at) VALUES (decode($1, 'hex'), $2, $3, $4, $5)
  ON CONFLICT (owner_id, kind, space_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`;
const FIND = `SELECT owner_id, kind, space_id, created_at FROM calendar.feed_tokens WHERE token_hash = decode($1, 'hex')`;
const GET = `SELECT owner_id, kind, space_id, created_at FROM calendar.feed_tokens WHERE owner_id = $1 AND kind = $2 AND space_id = $3`;
const REVOKE = `DELETE FROM calendar.feed_tokens WHERE owner_id = $1 AND kind = $2 AND space_id = $3`;
/** Used by the feed consumer when a person is erased. */
export const REVOKE_ALL_OF_OWNER = `DELETE FROM calendar.feed_tokens WHERE owner_id = $1`;

interface Row {
  owner_id: string;
  kind: 'person' | 'space';
  space_id: string;
  created_at: Date;
}

const toSubscription = (row: Row): FeedSubscription => ({
  ownerId: row.owner_id,
  scope: row.kind === 'person' ? { kind: 'person' } : { kind: 'space', spaceId: row.space_id },
  createdAt: row.created_at.toISOString(),
});

/** Feed tokens in `calendar.feed_tokens` (ensureCalendarSchema). */
export class PostgresFeedTokenStore implements FeedTokenStore {
  constructor(private readonly pool: pg.Pool) {}

  async replace(ownerId: string, scope: FeedScope, tokenHash: string, now: Date): Promise<void> {
    await this.pool.query(REPLACE, [tokenHash, ownerId, ...key(scope), now]);
  }

  async find(tokenHash: string): Promise<FeedSubscription | null> {
    const row = (await this.pool.query<Row>(FIND, [tokenHash])).rows[0];
    return row ? toSubscription(row) : null;
  }

  async get(ownerId: string, scope: FeedScope): Promise<FeedSubscription | null> {
    const row = (await this.pool.query<Row>(GET, [ownerId, ...key(scope)])).rows[0];
    return row ? toSubscription(row) : null;
  }

  async revoke(ownerId: string, scope: FeedScope): Promise<boolean> {
    return ((await this.pool.query(REVOKE, [ownerId, ...key(scope)])).rowCount ?? 0) > 0;
  }
}
