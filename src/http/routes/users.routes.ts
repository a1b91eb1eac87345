import type { IdentityServices } from '../../identity/application/identity-services.js';
import { effectivePermissions } from '../../identity/domain/access.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { hasPermission } from '../../shared/application/authorize.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import type { Principal } from '../auth/authenticator.js';
import {
  Done,
  GrantRoleRequest,
  IdentityHistory,
  ListUsersQuery,
  PasswordChange,
  Profile,
  ProfileChange,
  RecoveryCodes,
  RoleGrant,
  TwoFactorBegin,
  TwoFactorConfirmation,
  TwoFactorDisable,
  TwoFactorSetup,
  UserIdParams,
  UserPage,
  UserRoleParams,
  UserSummary,
} from '../contracts/identity.contracts.js';
import { named } from '../contracts/schema-registry.js';
import type { IdentityQueries } from '../queries/identity-queries.js';
import { API_PREFIX, pageBody } from './route-deps.js';
import { z } from 'zod';

const tags = ['users'];
const me = `${API_PREFIX}/users/me`;
const done = { done: true as const };
const RoleGrants = named('RoleGrants', z.object({ userId: z.string(), roles: z.array(RoleGrant) }));

/** Someone else's account you may not read answers exactly like a missing one. */
function requireSelfOr(principal: Principal, userId: string, permission: string): void {
  if (principal.userId !== userId && !hasPermission(principal, permission)) throw new NotFoundError('user', userId);
}

/** The caller's own account (`/users/me…`), then people for admins and auditors. */
export function userRoutes(identity: IdentityServices, queries: IdentityQueries): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: me,
      operationId: 'getMyProfile',
      summary: 'Your profile',
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'Your profile.', schema: Profile, etag: true },
      errors: [],
      handle: async ({ principal }) => {
        const profile = await identity.profiles.get(principal.userId);
        return { body: { ...profile, permissions: effectivePermissions(principal) }, revision: profile.revision };
      },
    }),
    defineRoute({
      method: 'patch',
      path: me,
      operationId: 'updateMyProfile',
      summary: 'Change your display name, photo, bio, locale, time zone or notification preferences',
      tags,
      access: 'authenticated',
      body: ProfileChange,
      ifMatch: true,
      success: { status: 200, description: 'Your profile after the change.', schema: Profile, etag: true },
      errors: [],
      handle: async ({ principal, body, expectedRevision, ctx }) => {
        const profile = await identity.profiles.update(principal.userId, body, expectedRevision, ctx);
        return { body: { ...profile, permissions: effectivePermissions(principal) }, revision: profile.revision };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${me}/password`,
      operationId: 'changeMyPassword',
      summary: 'Change your password',
      description: 'Every other session of yours ends; this one carries on. Wrong current passwords count toward the login lockout: 429 with Retry-After.',
      tags,
      access: 'authenticated',
      idempotent: false,
      body: PasswordChange,
      success: { status: 200, description: 'Changed.', schema: Done },
      errors: [422, 429],
      handle: async ({ principal, body, ctx }) => {
        await identity.passwords.change(principal.userId, principal.sessionId ?? '', body.currentPassword, body.newPassword, ctx);
        return { body: done };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${me}/verification-email`,
      operationId: 'resendVerificationEmail',
      summary: 'Send the email verification link again',
      description: 'A few an hour: 429 with Retry-After.',
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'Sent.', schema: Done },
      errors: [409, 429],
      handle: async ({ principal, ctx }) => {
        await identity.registration.resendVerification(principal.userId, ctx);
        return { body: done };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${me}/two-factor`,
      operationId: 'beginTwoFactor',
      summary: 'Start two-factor set-up (your password): a TOTP secret, its otpauth URI and QR code',
      description: 'A wrong password answers 422 and counts toward the login lockout: 429 with Retry-After.',
      tags,
      access: 'authenticated',
      idempotent: false,
      body: TwoFactorBegin,
      success: { status: 200, description: 'Scan the QR code, then confirm with a first code.', schema: TwoFactorSetup },
      errors: [409, 422, 429],
      handle: async ({ principal, body, ctx }) => ({ body: await identity.twoFactor.begin(principal.userId, body.password, ctx) }),
    }),
    defineRoute({
      method: 'post',
      path: `${me}/two-factor/confirm`,
      operationId: 'confirmTwoFactor',
      summary: 'Turn two-factor on with a first code; answers ten recovery codes',
      tags,
      access: 'authenticated',
      idempotent: false,
      body: TwoFactorConfirmation,
      success: { status: 200, description: 'Two-factor is on.', schema: RecoveryCodes },
      errors: [409, 422],
      handle: async ({ principal, body, ctx }) => ({ body: await identity.twoFactor.confirm(principal.userId, body.code, ctx) }),
    }),
    defineRoute({
      method: 'post',
      path: `${me}/two-factor/disable`,
      operationId: 'disableTwoFactor',
      summary: 'Turn two-factor off (password and a code)',
      description: 'A wrong password or code answers 422 naming the field; both count toward lockouts: 429 with Retry-After.',
      tags,
      access: 'authenticated',
      idempotent: false,
      body: TwoFactorDisable,
      success: { status: 200, description: 'Two-factor is off.', schema: Done },
      errors: [409, 422, 429],
      handle: async ({ principal, body, ctx }) => {
        await identity.twoFactor.disable(principal.userId, body, ctx);
        return { body: done };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/users`,
      operationId: 'listUsers',
      summary: 'Search people by name, email, role and registration date',
      tags,
      access: [P.usersRead],
      query: ListUsersQuery,
      success: { status: 200, description: 'A page of people, newest first.', schema: UserPage },
      errors: [],
      handle: async ({ query }) => ({ body: pageBody(await queries.listUsers(query), query) }),
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/users/{userId}`,
      operationId: 'getUser',
      summary: 'A person (yourself, or anyone with users.read)',
      tags,
      access: 'authenticated',
      params: UserIdParams,
      success: { status: 200, description: 'The person.', schema: UserSummary },
      errors: [404],
      handle: async ({ params, principal }) => {
        requireSelfOr(principal, params.userId, P.usersRead);
        const user = await queries.getUser(params.userId);
        if (!user) throw new NotFoundError('user', params.userId);
        return { body: user };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/users/{userId}/history`,
      operationId: 'getUserHistory',
      summary: "A person's account and sign-in events, replayed from the log",
      description: 'For the person and for auditors. After an erasure the personal data in it reads `{ "erased": true }`.',
      tags,
      access: 'authenticated',
      params: UserIdParams,
      success: { status: 200, description: 'Oldest first.', schema: IdentityHistory },
      errors: [404],
      handle: async ({ params, principal, ctx }) => {
        requireSelfOr(principal, params.userId, P.auditRead);
        const entries = await identity.history(params.userId, ctx);
        if (!entries) throw new NotFoundError('user', params.userId);
        return { body: { userId: params.userId, entries } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/users/{userId}/roles`,
      operationId: 'grantRole',
      summary: 'Grant a role, everywhere or on some sites',
      description: 'Takes effect on the next request. Granting a role the person holds replaces its sites.',
      tags,
      access: [P.usersManage],
      params: UserIdParams,
      body: GrantRoleRequest,
      success: { status: 200, description: "The person's roles.", schema: RoleGrants },
      errors: [404, 422],
      handle: async ({ params, body, ctx }) => ({ body: { userId: params.userId, roles: await identity.roles.grantRole(params.userId, body.role, body.siteIds ?? null, ctx) } }),
    }),
    defineRoute({
      method: 'delete',
      path: `${API_PREFIX}/users/{userId}/roles/{role}`,
      operationId: 'revokeRole',
      summary: 'Revoke a role',
      description: 'Takes effect on the next request.',
      tags,
      access: [P.usersManage],
      params: UserRoleParams,
      success: { status: 200, description: "The person's roles.", schema: RoleGrants },
      errors: [404],
      handle: async ({ params, ctx }) => ({ body: { userId: params.userId, roles: await identity.roles.revokeRole(params.userId, params.role, ctx) } }),
    }),
    defineRoute({
      method: 'delete',
      path: `${API_PREFIX}/users/{userId}`,
      operationId: 'eraseUser',
      summary: 'Erase an account (the person, or an admin)',
      description: "Deletes the person's key, so their personal data in every event reads as erased, and their read-model rows. Bookings stay as facts.",
      tags,
      access: 'authenticated',
      params: UserIdParams,
      success: { status: 200, description: 'Erased.', schema: Done },
      errors: [404],
      handle: async ({ params, principal, ctx }) => {
        requireSelfOr(principal, params.userId, P.usersManage);
        await identity.erasure.erase(params.userId, ctx);
        return { body: done };
      },
    }),
  ];
}
