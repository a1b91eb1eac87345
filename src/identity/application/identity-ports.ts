import type { Sealed } from '../../shared/domain/sealed.js';

/**
 * Ports of the identity context. Secrets (password hashes, TOTP seeds, token hashes, keys)
 * live behind these ports in the `identity` schema and never in events or logs.
 */

/** argon2id; `verify` is constant-time in the hash comparison. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** The parameters in use, for the benchmark report (e.g. `argon2id m=19456 KiB, t=2, p=1`). */
  readonly description: string;
}

/** Per-person keys: erasing a person deletes the key, so every sealed copy becomes unreadable. */
export interface PersonalDataVault {
  /** Seals with the person's key, creating it on first use. Throws when the person was erased. */
  seal(personId: string, value: unknown): Promise<Sealed>;
  /** The value, or null when the key was erased. */
  open<T>(sealed: Sealed): Promise<T | null>;
  /** Opens many at once (projection batches); same order, null for erased. */
  openMany<T>(sealed: readonly Sealed[]): Promise<(T | null)[]>;
  erase(personId: string): Promise<void>;
  isErased(personId: string): Promise<boolean>;
}

export interface AccessTokenClaims {
  /** User id. */
  sub: string;
  /** Session (refresh-token family) id. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface IssuedAccessToken {
  token: string;
  jti: string;
  expiresAt: Date;
}

/** Signs and verifies short-lived access JWTs (jose, asymmetric, `kid`, issuer, audience). */
export interface AccessTokens {
  issue(subject: { userId: string; sessionId: string }, now: Date): Promise<IssuedAccessToken>;
  /** Throws UnauthenticatedError for anything but a valid, unexpired token from our issuer for our audience. */
  verify(token: string, now: Date): Promise<AccessTokenClaims>;
  /** Public keys of every key that can still have valid tokens out. */
  jwks(now: Date): Promise<{ keys: Record<string, unknown>[] }>;
  /** Starts signing with a new key; older keys keep verifying until their last token expires. */
  rotate(now: Date): Promise<string>;
  /** Access-token lifetime in seconds. */
  readonly ttlSeconds: number;
}

/** What login needs about an account, keyed by user id; email and username are unique (case-insensitively). */
export interface AccountRecord {
  userId: string;
  email: string;
  username: string;
  passwordHash: string;
  twoFactor: { enabled: boolean; secret: string | null; pendingSecret: string | null; lastUsedStep: number | null; recoveryCodeHashes: string[] };
  createdAt: Date;
}

export class DuplicateAccountError extends Error {
  constructor(readonly field: 'email' | 'username') {
    super(`${field} already taken`);
  }
}

export interface CredentialStore {
  /** Throws DuplicateAccountError naming the field already taken. */
  create(account: { userId: string; email: string; username: string; passwordHash: string }): Promise<void>;
  findByLogin(emailOrUsername: string): Promise<AccountRecord | null>;
  findById(userId: string): Promise<AccountRecord | null>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  setPendingTwoFactorSecret(userId: string, secret: string | null): Promise<void>;
  /** Makes `confirmedSecret` active with these recovery-code hashes, if it is still the pending one (else ConflictError). */
  enableTwoFactor(userId: string, confirmedSecret: string, recoveryCodeHashes: string[], usedStep: number): Promise<void>;
  disableTwoFactor(userId: string): Promise<void>;
  /** Records the TOTP time step just accepted; false when it was already used (replay). */
  useTotpStep(userId: string, step: number): Promise<boolean>;
  /** Consumes one recovery code by its hash; false when it is not (or no longer) there. */
  consumeRecoveryCode(userId: string, codeHash: string): Promise<boolean>;
  /** Erasure: the row with email, username and secrets is gone. */
  delete(userId: string): Promise<void>;
}

/**
 * TOTP two-factor (RFC 6238) and the recovery codes that stand in for a lost device. Behind a
 * port because it draws randomness and renders QR codes.
 */
export interface TwoFactorCodes {
  /** A new TOTP seed, base32. */
  newSecret(): string;
  /** The time step whose code matches (a little clock drift allowed), or null; callers refuse a step already used. */
  verify(secret: string, code: string, now: Date): number | null;
  /** Key URI for authenticator apps. */
  otpauthUri(params: { issuer: string; account: string; secret: string }): string;
  /** The same URI as an SVG QR code. */
  qrCodeSvg(uri: string): Promise<string>;
  newRecoveryCodes(count: number): string[];
  /** What is stored and looked up instead of a recovery code. */
  hashRecoveryCode(code: string): string;
}

export interface IssuedRefreshToken {
  /** Opaque, shown to the client once; only its hash is stored. */
  token: string;
  sessionId: string;
  expiresAt: Date;
}

export type RefreshOutcome =
  | { kind: 'rotated'; userId: string; refresh: IssuedRefreshToken }
  /** A token already rotated away was presented: the whole family is now revoked. */
  | { kind: 'reused'; userId: string; sessionId: string }
  | { kind: 'invalid' };

/** Refresh-token families (one per login = session) with rotation and reuse detection. */
export interface SessionStore {
  start(userId: string, now: Date, meta: { ip?: string; userAgent?: string }): Promise<IssuedRefreshToken>;
  rotate(token: string, now: Date): Promise<RefreshOutcome>;
  /** Revokes one session; returns its user id, or null when it is unknown. */
  revoke(sessionId: string, now: Date, reason: string): Promise<string | null>;
  revokeAllOf(userId: string, now: Date, reason: string): Promise<void>;
  /** Revokes every session of the person but `keepSessionId` (the caller's own, after a password change). */
  revokeAllExcept(userId: string, keepSessionId: string, now: Date, reason: string): Promise<void>;
  /** True when the session exists, belongs to `userId`, is not revoked and not expired. */
  isActive(sessionId: string, userId: string, now: Date): Promise<boolean>;
}

export type OneTimePurpose = 'verify-email' | 'reset-password';

/** Single-use emailed tokens; stored hashed, expire, cannot be reused. */
export interface OneTimeTokens {
  issue(purpose: OneTimePurpose, userId: string, now: Date, ttlSeconds: number): Promise<string>;
  /** The user id when the token is valid for this purpose, unexpired and unused; it is used up. */
  consume(purpose: OneTimePurpose, token: string, now: Date): Promise<string | null>;
  /** The user id the token would be consumed for, without using it up. */
  peek(purpose: OneTimePurpose, token: string, now: Date): Promise<string | null>;
}

/**
 * Every attempt is counted before it is checked, so parallel guesses cannot outrun the count.
 * `login-ip`, `password-reset-ip` and `register-ip` count requests from an address (offices
 * share one); `password-reset` counts requests per email; `verification-email` resends per
 * person; `login-account` password checks per account (or per normalised login naming nobody)
 * and `two-factor` codes per account, both cleared by a success.
 */
export type LimitedAction =
  | 'login-ip'
  | 'login-account'
  | 'password-reset'
  | 'password-reset-ip'
  | 'two-factor'
  | 'register-ip'
  | 'verification-email';

export interface AttemptPolicy {
  /** Attempts allowed within the window… */
  max: number;
  windowSeconds: number;
  /** …after which the key is locked out for this long. */
  lockoutSeconds: number;
}

/** Counts attempts per key in a window and locks the key out once they exceed the policy (shared by every API process). */
export interface AttemptLimiter {
  /** Records one attempt; returns seconds until the next one is allowed (0 while under the limit). */
  consume(action: LimitedAction, key: string, now: Date): Promise<number>;
  /** Clears the key (after a success). */
  reset(action: LimitedAction, key: string): Promise<void>;
}
