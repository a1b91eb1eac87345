import { createHash, randomBytes } from 'node:crypto';
import type { FeedTokenIssuer } from '../application/calendar-feed-ports.js';

/** 32 random bytes, base64url: what issue() makes, so anything else is refused without a lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** sha256 of the token, hex: the only form stored. */
export const hashFeedToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Feed secrets with 256 bits of entropy. Lookups go by the sha256 of the presented token, so a
 * database index compares hashes, never secrets: how long a comparison takes says nothing an
 * attacker could use to build a valid token.
 */
export const randomFeedTokens: FeedTokenIssuer = {
  issue() {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashFeedToken(token) };
  },
  hashOf: (token) => (TOKEN_SHAPE.test(token) ? hashFeedToken(token) : null),
};
