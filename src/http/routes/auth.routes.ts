import type { IdentityServices } from '../../identity/application/identity-services.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import {
  Done,
  Jwks,
  LoggedOut,
  LoginRequest,
  LogoutRequest,
  PasswordResetCompletion,
  PasswordResetRequest,
  RefreshRequest,
  RegisterRequest,
  RegisteredAccount,
  TokenPair,
  TokenRequest,
  VerifiedEmail,
} from '../contracts/identity.contracts.js';
import { API_PREFIX } from './route-deps.js';

const tags = ['auth'];

/** Registration, sessions (login, refresh, logout), email verification, password reset and the JWKS. */
export function authRoutes(identity: IdentityServices): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/auth/register`,
      operationId: 'register',
      summary: 'Create an account',
      description: 'Sends a verification link by email. A taken email or username answers 409 saying which; a weak password 422 saying why. Sign-ups are limited per address: 429 with Retry-After.',
      tags,
      access: 'public',
      idempotent: false,
      body: RegisterRequest,
      success: { status: 201, description: 'The account exists.', schema: RegisteredAccount, location: true },
      errors: [409, 422, 429],
      handle: async ({ body, ctx }) => {
        const account = await identity.registration.register(body, ctx);
        return { body: account, location: `${API_PREFIX}/users/${account.userId}` };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/auth/token`,
      operationId: 'login',
      summary: 'Log in: an access token and a refresh token',
      description: 'Repeated failures lock the account (and address) for a while: 429 with Retry-After; a login naming nobody locks the same way. With two-factor on, a missing code answers 401 `two-factor-required`.',
      tags,
      access: 'public',
      idempotent: false,
      body: LoginRequest,
      success: { status: 200, description: 'Signed in.', schema: TokenPair },
      errors: [401, 429],
      handle: async ({ body, ctx }) => ({ body: await identity.signIn.login(body, ctx) }),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/auth/refresh`,
      operationId: 'refreshToken',
      summary: 'Trade a refresh token for a new pair',
      description: 'Each refresh token works once. Presenting one a second time revokes the whole session (it was stolen or leaked).',
      tags,
      access: 'public',
      idempotent: false,
      body: RefreshRequest,
      success: { status: 200, description: 'A new pair; the old refresh token is used up.', schema: TokenPair },
      errors: [401],
      handle: async ({ body, ctx }) => ({ body: await identity.signIn.refresh(body.refreshToken, ctx) }),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/auth/logout`,
      operationId: 'logout',
      summary: 'Log out: the session (or with `everywhere`, every session of yours) and its access tokens stop working',
      tags,
      access: 'authenticated',
      idempotent: false,
      body: LogoutRequest,
      success: { status: 200, description: 'Logged out.', schema: LoggedOut },
      errors: [],
      handle: async ({ body, principal, ctx }) => {
        await identity.signIn.logout(principal.userId, principal.sessionId ?? '', body.everywhere, ctx);
        return { body: { loggedOut: true as const } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/auth/verify-email`,
      operationId: 'verifyEmail',
      summary: 'Confirm an email address with the emailed token',
      tags,
      access: 'public',
      idempotent: false,
      body: TokenRequest,
      success: { status: 200, description: 'The address is verified.', schema: VerifiedEmail },
      errors: [422],
      handle: async ({ body, ctx }) => ({ body: { ...(await identity.registration.verifyEmail(body.token, ctx)), emailVerified: true as const } }),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/auth/password-reset`,
      operationId: 'requestPasswordReset',
      summary: 'Email a password reset link',
      description: 'Answers the same whether or not the address has an account.',
      tags,
      access: 'public',
      idempotent: false,
      body: PasswordResetRequest,
      success: { status: 200, description: 'If the address has an account, a link is on its way.', schema: Done },
      errors: [429],
      handle: async ({ body, ctx }) => {
        await identity.passwords.request(body.email, ctx);
        return { body: { done: true as const } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/auth/password-reset/complete`,
      operationId: 'completePasswordReset',
      summary: 'Set a new password with the emailed token',
      description: 'The token works once and expires. Every session of the account ends.',
      tags,
      access: 'public',
      idempotent: false,
      body: PasswordResetCompletion,
      success: { status: 200, description: 'The password is changed.', schema: Done },
      errors: [422],
      handle: async ({ body, ctx }) => {
        await identity.passwords.complete(body.token, body.newPassword, ctx);
        return { body: { done: true as const } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/.well-known/jwks.json',
      operationId: 'jwks',
      summary: 'Public keys that verify our access tokens',
      tags,
      access: 'public',
      success: { status: 200, description: 'JSON Web Key Set.', schema: Jwks },
      errors: [],
      handle: async ({ ctx }) => ({ body: await identity.jwks(ctx.now) }),
    }),
  ];
}
