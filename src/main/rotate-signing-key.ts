/**
 * Entry point: `npm run rotate-signing-key` starts signing access tokens with a new key.
 * Tokens signed with the previous key stay valid until they expire, so nobody is logged out;
 * the JWKS lists both keys meanwhile.
 */
import type pg from 'pg';
import { postgresAccessTokens } from '../identity/infrastructure/postgres-identity.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';

const runtime = await bootstrap('rotate-signing-key');
const tokens = postgresAccessTokens(runtime.container.get<pg.Pool>(SERVICES.ReadPool), runtime.config.identity);
const now = new Date();
const kid = await tokens.rotate(now);
const previousKeysRetireAt = new Date(now.getTime() + tokens.ttlSeconds * 1000).toISOString();
process.stdout.write(`${JSON.stringify({ kid, previousKeysRetireAt })}\n`);
await runtime.shutdown();
