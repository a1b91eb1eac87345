import { TooManyAttemptsError, UnauthenticatedError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { LoginFailureReason, LoginMethod } from '../domain/identity.events.js';
import { PASSWORD_MAX_LENGTH } from '../domain/password-policy.js';
import type { IdentityDeps } from './identity-deps.js';
import type { AccountRecord } from './identity-ports.js';
import { SecondFactor } from './second-factor.js';
import { actingAs, loadUser, recordLoginEvent } from './user-aggregate.js';

export interface LoginInput {
  /** Email or username. */
  login: string;
  password: string;
  /** Six-digit code from the authenticator app, once two-factor is on. */
  totp?: string;
  /** One of the ten recovery codes, instead of `totp`. */
  recoveryCode?: string;
}

export interface TokenPair {
  userId: string;
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

const WRONG_CREDENTIALS = 'wrong login or password';

/** Login, refresh-token rotation and logout. */
export class SignIn {
  private readonly secondFactor: SecondFactor;
  /** Verified against when the login names nobody, so that case costs the same time as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  constructor(private readonly deps: IdentityDeps) {
    this.secondFactor = new SecondFactor(deps);
  }

  async login(input: LoginInput, ctx: CommandContext): Promise<TokenPair> {
    const { limiter, credentials, hasher } = this.deps;
    const ip = ctx.request?.ip ?? 'unknown';
    const ipWait = await limiter.consume('login-ip', ip, ctx.now);
    if (ipWait > 0) throw new TooManyAttemptsError(ipWait, 'too many login attempts from this address');

    const account = input.password.length <= PASSWORD_MAX_LENGTH * 4 ? await credentials.findByLogin(input.login) : null;
    if (!account) {
      await hasher.verify(await (this.decoyHash ??= hasher.hash('decoy password for unknown logins')), input.password);
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    const { userId } = account;
    const actor = actingAs(ctx, userId);
    const lockedFor = await limiter.retryAfter('login-account', userId, ctx.now);
    if (lockedFor > 0) {
      await this.failed(userId, 'locked-out', actor);
      throw new TooManyAttemptsError(lockedFor, 'this account is temporarily locked after repeated failed logins');
    }
    if (!(await hasher.verify(account.passwordHash, input.password))) {
      const wait = await limiter.consume('login-account', userId, ctx.now);
      await this.failed(userId, 'wrong-password', actor);
      if (wait > 0) throw new TooManyAttemptsError(wait, 'this account is temporarily locked after repeated failed logins');
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    const user = await loadUser(this.deps.store, userId);
    if (user.status !== 'active') throw new UnauthenticatedError(WRONG_CREDENTIALS);

    const method = await this.checkSecondFactor(account, input, actor);
    await limiter.reset('login-account', userId);
    return this.startSession(userId, method, actor);
  }

  async refresh(refreshToken: string, ctx: CommandContext): Promise<TokenPair> {
    const outcome = await this.deps.sessions.rotate(refreshToken, ctx.now);
    switch (outcome.kind) {
      case 'invalid':
        throw new UnauthenticatedError('the refresh token is invalid, expired or revoked; log in again');
      case 'reused':
        await recordLoginEvent(this.deps.store, { type: 'UserSessionRevoked', data: { userId: outcome.userId, sessionId: outcome.sessionId, reason: 'refresh-token-reuse' } }, actingAs(ctx, outcome.userId));
        throw new UnauthenticatedError('this refresh token was already used; the session is revoked, log in again');
      case 'rotated': {
        const { userId, refresh } = outcome;
        if ((await loadUser(this.deps.store, userId)).status !== 'active') {
          await this.deps.sessions.revoke(refresh.sessionId, ctx.now, 'erased');
          throw new UnauthenticatedError('the refresh token is invalid, expired or revoked; log in again');
        }
        const access = await this.deps.tokens.issue({ userId, sessionId: refresh.sessionId }, ctx.now);
        return tokenPair(userId, access.token, this.deps.tokens.ttlSeconds, refresh);
      }
    }
  }

  /** Ends the caller's session (or all of them); its access tokens are refused from now on. */
  async logout(userId: string, sessionId: string, everywhere: boolean, ctx: CommandContext): Promise<void> {
    if (everywhere) await this.deps.sessions.revokeAllOf(userId, ctx.now, 'logout');
    else await this.deps.sessions.revoke(sessionId, ctx.now, 'logout');
    await recordLoginEvent(this.deps.store, { type: 'UserLoggedOut', data: { userId, sessionId } }, ctx);
  }

  private async checkSecondFactor(account: AccountRecord, input: LoginInput, actor: CommandContext): Promise<LoginMethod> {
    if (!account.twoFactor.enabled) return 'password';
    if (input.totp === undefined && input.recoveryCode === undefined) {
      await this.failed(account.userId, 'second-factor-missing', actor);
      throw new UnauthenticatedError('two-factor authentication is on: send the code from your authenticator app (totp) or a recovery code', 'two-factor-required');
    }
    const lockedFor = await this.deps.limiter.retryAfter('two-factor', account.userId, actor.now);
    if (lockedFor > 0) {
      await this.failed(account.userId, 'locked-out', actor);
      throw new TooManyAttemptsError(lockedFor, 'too many wrong two-factor codes');
    }
    try {
      return await this.secondFactor.check(account, input, actor);
    } catch (err) {
      // A wrong code, including the one that brings on the lockout (429).
      if (err instanceof UnauthenticatedError || err instanceof TooManyAttemptsError) await this.failed(account.userId, 'wrong-second-factor', actor);
      throw err;
    }
  }

  private async startSession(userId: string, method: LoginMethod, ctx: CommandContext): Promise<TokenPair> {
    const refresh = await this.deps.sessions.start(userId, ctx.now, ctx.request ?? {});
    const access = await this.deps.tokens.issue({ userId, sessionId: refresh.sessionId }, ctx.now);
    await recordLoginEvent(this.deps.store, { type: 'UserLoggedIn', data: { userId, sessionId: refresh.sessionId, method } }, ctx);
    return tokenPair(userId, access.token, this.deps.tokens.ttlSeconds, refresh);
  }

  private failed(userId: string, reason: LoginFailureReason, ctx: CommandContext): Promise<void> {
    return recordLoginEvent(this.deps.store, { type: 'UserLoginFailed', data: { userId, reason } }, ctx);
  }
}

function tokenPair(userId: string, accessToken: string, expiresIn: number, refresh: { token: string; expiresAt: Date }): TokenPair {
  return { userId, accessToken, tokenType: 'Bearer', expiresIn, refreshToken: refresh.token, refreshExpiresAt: refresh.expiresAt.toISOString() };
}
