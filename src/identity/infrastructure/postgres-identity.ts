import type pg from 'pg';
import type { Logger } from '../../platform/tokens.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { Mailer } from '../../shared/mail/mailer.js';
import type { IdentitySettings } from '../application/identity-deps.js';
import { IdentityServices } from '../application/identity-services.js';
import { Argon2PasswordHasher, type Argon2Params } from './argon2-password-hasher.js';
import { PostgresAccessTokens } from './postgres/postgres-access-tokens.js';
import { DEFAULT_ATTEMPT_POLICIES, PostgresAttemptLimiter } from './postgres/postgres-attempt-limiter.js';
import { PostgresCredentialStore } from './postgres/postgres-credential-store.js';
import { PostgresOneTimeTokens } from './postgres/postgres-one-time-tokens.js';
import { PostgresPersonalDataVault } from './postgres/postgres-personal-data-vault.js';
import { PostgresSessionStore } from './postgres/postgres-session-store.js';
import { TotpTwoFactorCodes } from './totp-two-factor-codes.js';

export interface PostgresIdentityOptions {
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  argon2: Argon2Params;
  loginAttemptsPerMinute: number;
  settings: IdentitySettings;
  /** The vault the event store seals request metadata with, when there is one: one cache of sealing keys, evicted on erasure. */
  vault?: PostgresPersonalDataVault;
}

/** Signing and verifying access tokens with the keys in schema `identity`. */
export function postgresAccessTokens(pool: pg.Pool, options: Pick<PostgresIdentityOptions, 'jwtIssuer' | 'jwtAudience' | 'accessTokenTtlSeconds'>): PostgresAccessTokens {
  return new PostgresAccessTokens({ pool, issuer: options.jwtIssuer, audience: options.jwtAudience, ttlSeconds: options.accessTokenTtlSeconds });
}

/** The identity use cases on their PostgreSQL adapters (schema `identity`), argon2id, TOTP and SMTP. */
export function postgresIdentity(pool: pg.Pool, store: EventStore, mailer: Mailer, log: Logger, options: PostgresIdentityOptions): IdentityServices {
  return new IdentityServices({
    store,
    hasher: new Argon2PasswordHasher(options.argon2),
    vault: options.vault ?? new PostgresPersonalDataVault(pool),
    credentials: new PostgresCredentialStore(pool),
    sessions: new PostgresSessionStore({ pool, refreshTtlSeconds: options.refreshTokenTtlSeconds }),
    tokens: postgresAccessTokens(pool, options),
    oneTimeTokens: new PostgresOneTimeTokens(pool),
    limiter: new PostgresAttemptLimiter(pool, { ...DEFAULT_ATTEMPT_POLICIES, 'login-ip': { ...DEFAULT_ATTEMPT_POLICIES['login-ip'], max: options.loginAttemptsPerMinute } }),
    twoFactorCodes: new TotpTwoFactorCodes(),
    mailer,
    settings: options.settings,
    log,
  });
}
