import { TooManyAttemptsError, UnauthenticatedError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { LoginFailureReason, LoginMethod } from '../domain/identity.events.js';
import type { IdentityDeps } from './identity-deps.js';
import { clientAddress, identifierKey } from './attempt-keys.js';
import type { AccountRecord } from './identity-ports.js';
import { SecondFactor, WRONG_SECOND_FACTOR } from './second-factor.js';
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
const ACCOUNT_LOCKED = 'this account is temporarily locked after repeated failed logins';

/** A login as looked up and counted: variations in case and surrounding spaces name the same account and share its limit. */
function normaliseLogin(login: string): string {
  return login.trim().toLowerCase();
}

/** Login, refresh-token rotation and logout. */
export class SignIn {
  private readonly secondFactor: SecondFactor;
  /**
   * Verified against when the login names nobody, so that case costs the same time as a wrong
   * password. Hashed at start-up: hashed on first use, the first unknown login would be slower.
   */
  private readonly decoyHash: Promise<string>;

  constructor(private readonly deps: IdentityDeps) {
    this.secondFactor = new SecondFactor(deps);
    this.decoyHash = deps.hasher.hash('decoy password for unknown logins');
    // Awaited by every unknown login; this only keeps a failure from going unhandled until then.
    this.decoyHash.catch(() => undefined);
  }

  /**
   * Every attempt is counted before the password is checked, so parallel guesses cannot outrun
   * the lockout. A login naming nobody is counted under its own key and fails like a wrong
   * password, in the same answer and the same round trips, so neither tells whether it exists.
   */
  async login(input: LoginInput, ctx: CommandContext): Promise<TokenPair> {
    const { limiter, credentials, hasher } = this.deps;
    const ipWait = await limiter.consume('login-ip', clientAddress(ctx), ctx.now);
    if (ipWait > 0) throw new TooManyAttemptsError(ipWait, 'too many login attempts from this address');

    const login = normaliseLogin(input.login);
    const account = await credentials.findByLogin(login);
    const lockedFor = await limiter.consume('login-account', account?.userId ?? `login:${identifierKey(login)}`, ctx.now);
    const actor = account ? actingAs(ctx, account.userId) : ctx;
    if (lockedFor > 0) {
      if (account) this.failed(account.userId, 'locked-out', actor);
      throw new TooManyAttemptsError(lockedFor, ACCOUNT_LOCKED);
    }
    if (!account) {
      await hasher.verify(await this.decoyHash, input.password);
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    const { userId } = account;
    if (!(await hasher.verify(account.passwordHash, input.password))) {
      this.failed(userId, 'wrong-password', actor);
      throw new UnauthenticatedError(WRONG_CREDENTIALS);
    }
    // The password is proven; from here on only the second factor has a limit to count against.
    await limiter.reset('login-account', userId);
    const user = await loadUser(this.deps.store, userId);
    if (user.status !== 'active') throw new UnauthenticatedError(WRONG_CREDENTIALS);

    const method = await this.checkSecondFactor(account, input, actor);
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
    const { sessions, store } = this.deps;
    if (everywhere) {
      await sessions.revokeAllOf(userId, ctx.now, 'logout');
      await recordLoginEvent(store, { type: 'UserSessionRevoked', data: { userId, sessionId: null, reason: 'logout' } }, ctx);
    } else {
      await sessions.revoke(sessionId, ctx.now, 'logout');
      await recordLoginEvent(store, { type: 'UserLoggedOut', data: { userId, sessionId } }, ctx);
    }
  }

  private async checkSecondFactor(account: AccountRecord, input: LoginInput, actor: CommandContext): Promise<LoginMethod> {
    if (!account.twoFactor.enabled) return 'password';
    if (input.totp === undefined && input.recoveryCode === undefined) {
      this.failed(account.userId, 'second-factor-missing', actor);
      throw new UnauthenticatedError('two-factor authentication is on: send the code from your authenticator app (totp) or a recovery code', 'two-factor-required');
    }
    const method = await this.secondFactor.check(account, input, actor).catch((err: unknown) => {
      if (err instanceof TooManyAttemptsError) this.failed(account.userId, 'locked-out', actor);
      throw err;
    });
    if (method === null) {
      this.failed(account.userId, 'wrong-second-factor', actor);
      throw new UnauthenticatedError(WRONG_SECOND_FACTOR);
    }
    return method;
  }

  private async startSession(userId: string, method: LoginMethod, ctx: CommandContext): Promise<TokenPair> {
    const refresh = await this.deps.sessions.start(userId, ctx.now, ctx.request ?? {});
    const access = await this.deps.tokens.issue({ userId, sessionId: refresh.sessionId }, ctx.now);
    await recordLoginEvent(this.deps.store, { type: 'UserLoggedIn', data: { userId, sessionId: refresh.sessionId, method } }, ctx);
    return tokenPair(userId, access.token, this.deps.tokens.ttlSeconds, refresh);
  }

  /** Recorded off the answer's path: a failure on a real account must take no longer to answer than one on a login naming nobody. */
  private failed(userId: string, reason: LoginFailureReason, ctx: CommandContext): void {
    void recordLoginEvent(this.deps.store, { type: 'UserLoginFailed', data: { userId, reason } }, ctx).catch((error: unknown) =>
      this.deps.log.error('recording a failed login failed', { error: String(error) }),
    );
  }
}

function tokenPair(userId: string, accessToken: string, expiresIn: number, refresh: { token: string; expiresAt: Date }): TokenPair {
  return { userId, accessToken, tokenType: 'Bearer', expiresIn, refreshToken: refresh.token, refreshExpiresAt: refresh.expiresAt.toISOString() };
}
