import { z } from 'zod';
import { ACCOUNT_TYPES } from '../../identity/domain/identity.events.js';
import { ALL_PERMISSIONS } from '../../identity/domain/permissions.js';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../../notifications/domain/notification-kinds.js';
import { Instant, pageOf, pageQuery, Revision, Uuid, nonEmptyPatch } from './common.contracts.js';
import { named } from './schema-registry.js';
import { TimeZone } from './sites.contracts.js';

/** Long enough for any real password, short enough that hashing it is not a denial-of-service lever. */
const Password = z.string().min(1, { error: 'is required' }).max(512);
const Email = z.email({ error: 'expected an email address such as ana@example.com' }).max(254);
const Username = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, { error: 'a username is 3-32 letters, digits, dots, dashes or underscores, starting with a letter or digit' });
const DisplayName = z.string().trim().min(1, { error: 'is required' }).max(100);
const Locale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { error: 'expected a language tag such as en, pt-PT or ru' });
const TotpCode = z.string().regex(/^\d{6}$/, { error: 'expected the 6-digit code from the authenticator app' });
const RecoveryCode = z.string().min(1).max(64);
const OpaqueToken = z.string().min(16).max(512);
const RoleName = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, { error: 'a role name is 2-40 lower-case letters, digits or dashes, starting with a letter' });
const PermissionName = z.enum(ALL_PERMISSIONS as [string, ...string[]]);

export const RegisterRequest = named(
  'RegisterRequest',
  z.strictObject({
    email: Email,
    username: Username,
    displayName: DisplayName,
    password: Password,
    accountType: z.enum(ACCOUNT_TYPES).default('client'),
    locale: Locale.default('en'),
    timeZone: TimeZone.default('UTC'),
  }),
);
export const RegisteredAccount = named(
  'RegisteredAccount',
  z.object({ userId: Uuid, accountType: z.enum(ACCOUNT_TYPES), roles: z.array(z.string()), verificationEmailSent: z.boolean() }),
);

export const LoginRequest = named(
  'LoginRequest',
  z.strictObject({ login: z.string().trim().min(1, { error: 'is required' }).max(254), password: Password, totp: TotpCode.optional(), recoveryCode: RecoveryCode.optional() }),
  'Email or username and password; once two-factor is on, also `totp` or `recoveryCode`.',
);
export const TokenPair = named(
  'TokenPair',
  z.object({ userId: Uuid, accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.int(), refreshToken: z.string(), refreshExpiresAt: Instant }),
);
export const RefreshRequest = named('RefreshRequest', z.strictObject({ refreshToken: OpaqueToken }));
export const LogoutRequest = named('LogoutRequest', z.strictObject({ everywhere: z.boolean().default(false) }), 'Set `everywhere` to end every session of yours.');
export const LoggedOut = named('LoggedOut', z.object({ loggedOut: z.literal(true) }));
export const Jwks = named('Jwks', z.object({ keys: z.array(z.record(z.string(), z.unknown())) }), 'JSON Web Key Set (RFC 7517).');

export const TokenRequest = named('TokenRequest', z.strictObject({ token: OpaqueToken }));
export const Done = named('Done', z.object({ done: z.literal(true) }));
export const VerifiedEmail = named('VerifiedEmail', z.object({ userId: Uuid, emailVerified: z.literal(true) }));
export const PasswordResetRequest = named('PasswordResetRequest', z.strictObject({ email: Email }));
export const PasswordResetCompletion = named('PasswordResetCompletion', z.strictObject({ token: OpaqueToken, newPassword: Password }));
export const PasswordChange = named('PasswordChange', z.strictObject({ currentPassword: Password, newPassword: Password }));

export const TwoFactorBegin = named('TwoFactorBegin', z.strictObject({ password: Password }), 'Your current password: a stolen session alone cannot turn two-factor on and lock you out.');
export const TwoFactorSetup = named('TwoFactorSetup', z.object({ secret: z.string(), otpauthUri: z.string(), qrCodeSvg: z.string() }));
export const TwoFactorConfirmation = named('TwoFactorConfirmation', z.strictObject({ code: TotpCode }));
export const RecoveryCodes = named('RecoveryCodes', z.object({ recoveryCodes: z.array(z.string()) }), 'Shown once; store them somewhere safe.');
export const TwoFactorDisable = named('TwoFactorDisable', z.strictObject({ password: Password, totp: TotpCode.optional(), recoveryCode: RecoveryCode.optional() }));

export const RoleGrant = named('RoleGrant', z.object({ role: z.string(), siteIds: z.array(z.string()).nullable() }), '`siteIds` null: everywhere.');
export const EffectivePermission = named(
  'EffectivePermission',
  z.object({ permission: z.string(), siteIds: z.array(z.string()).nullable() }),
  '`siteIds` null: everywhere; otherwise only on these sites.',
);
/** Per notification kind and channel; unknown kinds or channels are refused rather than silently ignored. */
export const NotificationPreferences = named(
  'NotificationPreferences',
  z.partialRecord(z.enum(NOTIFICATION_KINDS), z.partialRecord(z.enum(NOTIFICATION_CHANNELS), z.boolean())),
  'Kind → channel → on/off; what is absent takes the default (GET /api/v1/notifications/preferences shows the effective set).',
);
const WallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time of day such as 22:00' });
export const NotificationSettings = named(
  'NotificationSettings',
  z.strictObject({
    quietHours: z
      .strictObject({ start: WallClock, end: WallClock })
      .refine((q) => q.start !== q.end, { error: 'quiet hours must not start and end at the same time' })
      .nullable()
      .describe('In your time zone; may span midnight. Non-urgent email and push wait until it ends.'),
    reminderLeadMinutes: z.int().min(5).max(7 * 24 * 60).describe('How long before a booking starts the reminder comes.'),
  }),
);

export const Profile = named(
  'Profile',
  z.object({
    userId: Uuid,
    email: z.string(),
    username: z.string(),
    displayName: z.string(),
    photoUrl: z.string().nullable(),
    bio: z.string().nullable(),
    accountType: z.enum(ACCOUNT_TYPES),
    emailVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    locale: z.string(),
    timeZone: z.string(),
    notificationPreferences: NotificationPreferences,
    notificationSettings: NotificationSettings,
    roles: z.array(RoleGrant),
    permissions: z
      .array(EffectivePermission)
      .describe('What you may do right now, from every role you hold (built-in and custom), one entry per permission; for showing menus — the server still checks every request.'),
    revision: Revision,
  }),
);
export const ProfileChange = named(
  'ProfileChange',
  nonEmptyPatch(
    z.strictObject({
      displayName: DisplayName.optional(),
      photoUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000).nullable().optional(),
      bio: z.string().max(2000).nullable().optional(),
      locale: Locale.optional(),
      timeZone: TimeZone.optional(),
      notificationPreferences: NotificationPreferences.optional(),
      notificationSettings: NotificationSettings.optional(),
    }),
  ),
);

export const UserSummary = named(
  'UserSummary',
  z.object({
    userId: Uuid,
    email: z.string(),
    username: z.string(),
    displayName: z.string(),
    accountType: z.enum(ACCOUNT_TYPES),
    emailVerified: z.boolean(),
    twoFactorEnabled: z.boolean(),
    roles: z.array(RoleGrant),
    registeredAt: Instant,
  }),
);
export const UserPage = pageOf('UserPage', UserSummary);
export const ListUsersQuery = z.strictObject({
  q: z.string().trim().min(1).max(100).optional().describe('Matches display name, username or email (case-insensitive substring).'),
  role: z.string().max(40).optional(),
  registeredFrom: Instant.optional(),
  registeredTo: Instant.optional(),
  ...pageQuery,
});
export const UserIdParams = z.strictObject({ userId: Uuid });
export const UserRoleParams = z.strictObject({ userId: Uuid, role: z.string().max(40) });
export const GrantRoleRequest = named(
  'GrantRoleRequest',
  z.strictObject({ role: z.string().min(1).max(40), siteIds: z.array(Uuid).min(1).max(100).optional() }),
  'Leave `siteIds` out to grant the role everywhere; the hotelier role needs them.',
);

export const RoleDefinition = named(
  'RoleDefinition',
  z.object({ name: z.string(), description: z.string(), permissions: z.array(z.string()), builtIn: z.boolean(), revision: Revision.nullable() }),
);
export const RoleList = named('RoleList', z.object({ items: z.array(RoleDefinition) }));
export const RoleNameParams = z.strictObject({ name: RoleName });
export const NewRoleRequest = named(
  'NewRoleRequest',
  z.strictObject({ name: RoleName, description: z.string().max(500).default(''), permissions: z.array(PermissionName).min(1) }),
);
export const RoleChangeRequest = named(
  'RoleChangeRequest',
  z.strictObject({ description: z.string().max(500).optional(), permissions: z.array(PermissionName).min(1) }),
  'Leave `description` out to keep the current one.',
);
export const PermissionList = named('PermissionList', z.object({ items: z.array(z.string()) }));

export const IdentityHistory = named(
  'IdentityHistory',
  z.object({
    userId: Uuid,
    entries: z.array(
      z.object({
        eventId: z.string(),
        streamId: z.string(),
        revision: z.int(),
        type: z.string(),
        occurredAt: Instant,
        actor: z.object({ id: z.string(), kind: z.enum(['user', 'system']) }),
        correlationId: z.string(),
        request: z.union([z.object({ ip: z.string().optional(), userAgent: z.string().optional() }), z.object({ erased: z.literal(true) })]).nullable(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
  }),
  "A person's account and sign-in events from the log; personal data shows as `{ erased: true }` after erasure.",
);
