import type { DomainEvent } from '../../shared/domain/decider.js';
import type { Sealed } from '../../shared/domain/sealed.js';
import type { Permission } from './permissions.js';

/** What a sealed `personal` field holds at registration and on profile changes. */
export interface PersonalData {
  email: string;
  username: string;
  displayName: string;
  photoUrl: string | null;
  bio: string | null;
}

export const ACCOUNT_TYPES = ['employee', 'client', 'guest', 'hotelier'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export interface NotificationPreferences {
  /** Per notification kind and channel, e.g. `{ "booking.confirmed": { "email": false } }`; absent ones take the defaults of src/notifications/domain/notification-kinds.ts. */
  [kind: string]: Record<string, boolean>;
}

/** When and how early a person wants to hear from Reserva. */
export interface NotificationSettings {
  /** Local wall-clock times in the person's time zone ("22:00"–"07:00" spans midnight); null: none. Non-urgent email and push wait until it ends. */
  quietHours: { start: string; end: string } | null;
  /** How long before a booking starts the reminder goes out. */
  reminderLeadMinutes: number;
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = { quietHours: null, reminderLeadMinutes: 30 };

/** Stream `user-<id>`: the account's lifecycle, roles and second factor. */
export type UserRegistered = DomainEvent<'UserRegistered', {
  userId: string;
  accountType: AccountType;
  personal: Sealed;
  locale: string;
  timeZone: string;
}>;
export type UserEmailVerified = DomainEvent<'UserEmailVerified', { userId: string }>;
export type UserProfileUpdated = DomainEvent<'UserProfileUpdated', {
  userId: string;
  personal: Sealed;
  locale: string;
  timeZone: string;
  notificationPreferences: NotificationPreferences;
  /** Absent in events written before it existed: the defaults. */
  notificationSettings?: NotificationSettings;
}>;
export type UserRoleGranted = DomainEvent<'UserRoleGranted', { userId: string; role: string; siteIds: string[] | null }>;
export type UserRoleRevoked = DomainEvent<'UserRoleRevoked', { userId: string; role: string }>;
export type UserTwoFactorEnabled = DomainEvent<'UserTwoFactorEnabled', { userId: string }>;
export type UserTwoFactorDisabled = DomainEvent<'UserTwoFactorDisabled', { userId: string }>;
export type UserRecoveryCodeUsed = DomainEvent<'UserRecoveryCodeUsed', { userId: string; remaining: number }>;
export type UserPasswordResetRequested = DomainEvent<'UserPasswordResetRequested', { userId: string }>;
export type UserPasswordChanged = DomainEvent<'UserPasswordChanged', { userId: string; via: 'change' | 'reset' }>;
/** The person's key is gone: every sealed field of theirs reads as erased from now on. */
export type UserErased = DomainEvent<'UserErased', { userId: string }>;

export type UserEvent =
  | UserRegistered
  | UserEmailVerified
  | UserProfileUpdated
  | UserRoleGranted
  | UserRoleRevoked
  | UserTwoFactorEnabled
  | UserTwoFactorDisabled
  | UserRecoveryCodeUsed
  | UserPasswordResetRequested
  | UserPasswordChanged
  | UserErased;

export type LoginMethod = 'password' | 'password+totp' | 'password+recovery-code';
export type LoginFailureReason = 'wrong-password' | 'second-factor-missing' | 'wrong-second-factor' | 'locked-out' | 'erased';

/**
 * Stream `login-<userId>`: sign-ins and sessions, kept apart from `user-<id>` so that the
 * stream read on every request stays short. The request's IP and user agent are in the metadata.
 */
export type UserLoggedIn = DomainEvent<'UserLoggedIn', { userId: string; sessionId: string; method: LoginMethod }>;
export type UserLoginFailed = DomainEvent<'UserLoginFailed', { userId: string; reason: LoginFailureReason }>;
export type UserLoggedOut = DomainEvent<'UserLoggedOut', { userId: string; sessionId: string }>;
/**
 * Sessions ended other than by an ordinary logout: a refresh token used twice (its family), a
 * password change or reset (every other session), erasure, or "log out everywhere".
 */
export type UserSessionRevoked = DomainEvent<'UserSessionRevoked', { userId: string; /** null: every session of the person (but the caller's, after a password change). */ sessionId: string | null; reason: 'refresh-token-reuse' | 'password-changed' | 'erased' | 'logout' }>;

export type LoginEvent = UserLoggedIn | UserLoginFailed | UserLoggedOut | UserSessionRevoked;

/** Stream `role-<name>`: a custom role, a named set of permissions. */
export type RoleDefined = DomainEvent<'RoleDefined', { role: string; description: string; permissions: Permission[] }>;
export type RoleChanged = DomainEvent<'RoleChanged', { role: string; description: string; permissions: Permission[] }>;
export type RoleDeleted = DomainEvent<'RoleDeleted', { role: string }>;

export type RoleEvent = RoleDefined | RoleChanged | RoleDeleted;

export const USER_EVENT_TYPES: readonly UserEvent['type'][] = [
  'UserRegistered', 'UserEmailVerified', 'UserProfileUpdated', 'UserRoleGranted', 'UserRoleRevoked', 'UserTwoFactorEnabled',
  'UserTwoFactorDisabled', 'UserRecoveryCodeUsed', 'UserPasswordResetRequested', 'UserPasswordChanged', 'UserErased',
];
export const ROLE_EVENT_TYPES: readonly RoleEvent['type'][] = ['RoleDefined', 'RoleChanged', 'RoleDeleted'];

export const userStream = (userId: string) => `user-${userId}`;
export const loginStream = (userId: string) => `login-${userId}`;
export const roleStream = (role: string) => `role-${role}`;
