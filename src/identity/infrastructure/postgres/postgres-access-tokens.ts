import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createLocalJWKSet, decodeProtectedHeader, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTVerifyGetKey } from 'jose';
import type pg from 'pg';
import { UnauthenticatedError } from '../../../shared/domain/errors.js';
import { withTransaction } from '../../../shared/postgres/with-transaction.js';
import type { AccessTokenClaims, AccessTokens, IssuedAccessToken } from '../../application/identity-ports.js';

const ALG = 'ES256';
const TYP = 'at+jwt';
/** A token naming an unknown kid reloads the keys at most this often (forged kids cost no more). */
const RELOAD_INTERVAL_MS = 1000;
/** Serialises creating and rotating keys, so processes starting together make one first key. */
const KEYS_LOCK = 'reserva.identity.signing-keys';
/** Clocks of the processes that issue and verify may differ a little (iat, exp). */
const CLOCK_TOLERANCE_SECONDS = 5;
/** Verified tokens remembered per process (a few hundred bytes each). */
const VERIFIED_TOKENS_REMEMBERED = 20_000;

export interface PostgresAccessTokensOptions {
  pool: pg.Pool;
  issuer: string;
  audience: string;
  ttlSeconds?: number;
  /**
   * How long verification trusts the keys it loaded (default 60 s): a key retired by another
   * process (`npm run rotate-signing-key`) stops verifying at most this much later than due.
   */
  keyRefreshMs?: number;
}

interface StoredKey {
  kid: string;
  private_jwk: JWK;
  public_jwk: JWK;
  retired_at: Date | null;
}

/**
 * ES256 access JWTs signed with keys kept in `identity.signing_keys`, shared by every API process.
 * `issue` asks the table for the newest active key each time, so a rotation made anywhere takes
 * effect at once; `verify` works from keys cached in memory and reloads them when a token names
 * a kid it does not know (a key created by another process).
 */
export class PostgresAccessTokens implements AccessTokens {
  readonly ttlSeconds: number;
  private readonly pool: pg.Pool;
  private readonly issuer: string;
  private readonly audience: string;
  private readonly keys = new Map<string, StoredKey>();
  private readonly verified = new Map<string, { claims: AccessTokenClaims; kid: string }>();
  private keySet: ReturnType<typeof createLocalJWKSet> | null = null;
  private readonly signingKeys = new Map<string, Promise<CryptoKey>>();
  private initialLoad: Promise<void> | null = null;
  private refresh: Promise<void> | null = null;
  private loadedAt = -Infinity;
  private readonly keyRefreshMs: number;
  private lastUnknownKidReload = -Infinity;

  constructor(options: PostgresAccessTokensOptions) {
    this.pool = options.pool;
    this.issuer = options.issuer;
    this.audience = options.audience;
    this.ttlSeconds = options.ttlSeconds ?? 600;
    this.keyRefreshMs = options.keyRefreshMs ?? 60_000;
  }

  async issue(subject: { userId: string; sessionId: string }, now: Date): Promise<IssuedAccessToken> {
    const key = await this.activeKey(now);
    const jti = randomUUID();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.ttlSeconds;
    const token = await new SignJWT({ sid: subject.sessionId })
      .setProtectedHeader({ alg: ALG, kid: key.kid, typ: TYP })
      .setSubject(subject.userId)
      .setJti(jti)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .sign(await this.privateKey(key));
    return { token, jti, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string, now: Date): Promise<AccessTokenClaims> {
    // Outside the token checks: a database failure is not a bad token and must not become a 401.
    await this.ensureLoaded();
    if (performance.now() - this.loadedAt >= this.keyRefreshMs) await this.refreshKeys();
    const remembered = this.verified.get(token);
    if (remembered && this.stillValid(remembered, now)) return remembered.claims;
    let outcome = await this.check(token, now);
    if (outcome === 'unknown-kid' && this.mayReloadForUnknownKid()) {
      await this.loadKeys();
      outcome = await this.check(token, now);
    }
    if (typeof outcome !== 'string') {
      this.remember(token, outcome);
      return outcome;
    }
    // Generic messages only: neither the token nor what exactly is wrong with it goes back.
    throw new UnauthenticatedError(outcome === 'expired' ? 'access token expired' : 'invalid access token');
  }

  /** Keys not retired, or retired less than one token lifetime ago. */
  async jwks(now: Date): Promise<{ keys: Record<string, unknown>[] }> {
    const { rows } = await this.pool.query<Pick<StoredKey, 'public_jwk'>>(
      `SELECT public_jwk FROM identity.signing_keys
        WHERE retired_at IS NULL OR retired_at > $1::timestamptz - make_interval(secs => $2)
        ORDER BY created_at DESC, kid`,
      [now, this.ttlSeconds],
    );
    return { keys: rows.map((r) => r.public_jwk) };
  }

  async rotate(now: Date): Promise<string> {
    const kid = await withTransaction(
      this.pool,
      async (client) => {
        await client.query('UPDATE identity.signing_keys SET retired_at = $1 WHERE retired_at IS NULL', [now]);
        return this.insertKey(client, now);
      },
      { advisoryLock: KEYS_LOCK },
    );
    await this.loadKeys();
    return kid;
  }

  private async check(token: string, now: Date): Promise<AccessTokenClaims | 'expired' | 'unknown-kid' | 'invalid'> {
    const keySet = this.keySet!;
    // Same rule as jwks(): a key retired more than one token lifetime ago signs nothing valid.
    const liveKey: JWTVerifyGetKey = (header, jws) => {
      const stored = header.kid === undefined ? undefined : this.keys.get(header.kid);
      if (stored && !this.isLive(stored, now)) throw new RetiredKeyError();
      return keySet(header, jws);
    };
    try {
      const { payload } = await jwtVerify(token, liveKey, {
        algorithms: [ALG],
        typ: TYP,
        issuer: this.issuer,
        audience: this.audience,
        currentDate: now,
        maxTokenAge: this.ttlSeconds,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'],
      });
      const { sub, sid, jti, iat, exp } = payload;
      if (typeof sub !== 'string' || typeof sid !== 'string' || typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') {
        return 'invalid';
      }
      return { sub, sid, jti, iat, exp };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return 'expired';
      if (error instanceof errors.JWKSNoMatchingKey) return 'unknown-kid';
      return 'invalid';
    }
  }

  /**
   * A token whose signature was verified once is the same token next time: only the checks that
   * depend on time (expiry, age, its key still live) are repeated, which spares the ECDSA
   * verification on every request of a session.
   */
  private remember(token: string, claims: AccessTokenClaims): void {
    this.verified.set(token, { claims, kid: decodeProtectedHeader(token).kid ?? '' });
    if (this.verified.size > VERIFIED_TOKENS_REMEMBERED) this.verified.delete(this.verified.keys().next().value!);
  }

  private stillValid({ claims, kid }: { claims: AccessTokenClaims; kid: string }, now: Date): boolean {
    // The same arithmetic as jose's exp and maxTokenAge checks.
    const seconds = Math.floor(now.getTime() / 1000) - CLOCK_TOLERANCE_SECONDS;
    const key = this.keys.get(kid);
    return seconds < claims.exp && seconds - this.ttlSeconds <= claims.iat && key !== undefined && this.isLive(key, now);
  }

  private isLive(key: StoredKey, now: Date): boolean {
    return key.retired_at === null || key.retired_at.getTime() > now.getTime() - this.ttlSeconds * 1000;
  }

  /** The newest key not retired, created under the lock when there is none yet. */
  private async activeKey(now: Date): Promise<StoredKey> {
    const newest = async (db: pg.Pool | pg.PoolClient) =>
      (
        await db.query<{ kid: string }>(
          'SELECT kid FROM identity.signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC, kid DESC LIMIT 1',
        )
      ).rows[0]?.kid;
    const kid =
      (await newest(this.pool)) ??
      // Processes starting together must not each create a "first" key.
      (await withTransaction(this.pool, async (client) => (await newest(client)) ?? this.insertKey(client, now), { advisoryLock: KEYS_LOCK }));
    await this.ensureLoaded();
    if (!this.keys.has(kid)) await this.loadKeys();
    const key = this.keys.get(kid);
    if (!key) throw new Error('signing key vanished from identity.signing_keys');
    return key;
  }

  private privateKey(key: StoredKey): Promise<CryptoKey> {
    let imported = this.signingKeys.get(key.kid);
    if (!imported) {
      imported = importJWK(key.private_jwk, ALG) as Promise<CryptoKey>;
      this.signingKeys.set(key.kid, imported);
    }
    return imported;
  }

  private async insertKey(client: pg.PoolClient, now: Date): Promise<string> {
    const kid = randomBytes(16).toString('base64url');
    const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    await client.query(
      'INSERT INTO identity.signing_keys (kid, alg, private_jwk, public_jwk, created_at) VALUES ($1, $2, $3, $4, $5)',
      [kid, ALG, privateJwk, publicJwk, now],
    );
    return kid;
  }

  /**
   * A throttle on the process's own work, not business time: monotonic clock. The first
   * unknown kid reloads at once, so a rotation elsewhere is picked up on its first token.
   */
  private mayReloadForUnknownKid(): boolean {
    const at = performance.now();
    if (at - this.lastUnknownKidReload < RELOAD_INTERVAL_MS) return false;
    this.lastUnknownKidReload = at;
    return true;
  }

  /** The first load is shared by concurrent callers, and retried when it failed. */
  private ensureLoaded(): Promise<void> {
    this.initialLoad ??= this.loadKeys().catch((error: unknown) => {
      this.initialLoad = null;
      throw error;
    });
    return this.initialLoad;
  }

  /** The periodic reload of verification: concurrent requests share one query. */
  private refreshKeys(): Promise<void> {
    this.refresh ??= this.loadKeys().finally(() => {
      this.refresh = null;
    });
    return this.refresh;
  }

  /** Keys are never deleted nor un-retired, so merging keeps whatever a concurrent, older load returned and the earliest retirement. */
  private async loadKeys(): Promise<void> {
    const startedAt = performance.now();
    const { rows } = await this.pool.query<StoredKey>('SELECT kid, private_jwk, public_jwk, retired_at FROM identity.signing_keys');
    for (const row of rows) this.keys.set(row.kid, { ...row, retired_at: this.keys.get(row.kid)?.retired_at ?? row.retired_at });
    this.keySet = createLocalJWKSet({ keys: [...this.keys.values()].map((k) => k.public_jwk) });
    this.loadedAt = startedAt;
  }
}

/** A token signed with a key retired too long ago: refused like a bad signature. */
class RetiredKeyError extends Error {}
