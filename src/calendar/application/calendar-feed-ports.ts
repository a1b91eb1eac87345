import type { ResolvedAccess } from '../../identity/domain/access.js';
import type { FeedBooking, FeedPlace } from '../domain/ics-feed.js';
import type { SpaceBlackoutEntry } from '../domain/ics-feed-blackout.js';

/** Whose feed: the person's own bookings, or one space's. */
export type FeedScope = { kind: 'person' } | { kind: 'space'; spaceId: string };

/** A feed a person subscribed to (never the secret: only its hash is stored). */
export interface FeedSubscription {
  ownerId: string;
  scope: FeedScope;
  createdAt: string;
}

/** Hashed feed tokens (schema `calendar`). */
export interface FeedTokenStore {
  /** Stores the hash of the owner's token for `scope`, replacing the previous one (its URL stops working). */
  replace(ownerId: string, scope: FeedScope, tokenHash: string, now: Date): Promise<void>;
  find(tokenHash: string): Promise<FeedSubscription | null>;
  get(ownerId: string, scope: FeedScope): Promise<FeedSubscription | null>;
  /** False when there was none. */
  revoke(ownerId: string, scope: FeedScope): Promise<boolean>;
}

/** Makes feed secrets and hashes them the way they are stored. */
export interface FeedTokenIssuer {
  issue(): { token: string; hash: string };
  /** The stored form of a presented token; null when it cannot be one of ours (no lookup needed). */
  hashOf(token: string): string | null;
}

/** The feed consumer's folded bookings and blackouts, with catalog names. */
export interface CalendarFeedReader {
  /**
   * The person's bookings ending after `from`, by start, at most `limit`; only at `siteIds`
   * when given (null: every site).
   */
  personBookings(personId: string, siteIds: readonly string[] | null, from: Date, limit: number): Promise<FeedBooking[]>;
  /** The space's bookings and shown blackouts ending after `from`, by start, at most `limit` of each. */
  spaceCalendar(spaceId: string, from: Date, limit: number): Promise<{ place: FeedPlace; timeZone: string | null; bookings: FeedBooking[]; blackouts: SpaceBlackoutEntry[] }>;
}

/** Which site a space belongs to, from the write side (a space created a moment ago is known); null when there is no such space. */
export interface SpaceSites {
  siteOf(spaceId: string): Promise<string | null>;
}

/** What a feed's owner may do now (null: erased or unknown), checked on every fetch so revoked roles end their feeds. */
export interface FeedOwnerAccess {
  resolve(userId: string): Promise<ResolvedAccess | null>;
}
