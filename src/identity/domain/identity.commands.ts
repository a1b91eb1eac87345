import type { Sealed } from '../../shared/domain/sealed.js';
import type { AccountType, NotificationPreferences, NotificationSettings } from './identity.events.js';
import type { Permission } from './permissions.js';

type Command<T extends string, D> = { type: T; data: D };

export type RegisterUser = Command<'RegisterUser', { userId: string; accountType: AccountType; personal: Sealed; locale: string; timeZone: string; initialRole: string }>;
export type VerifyEmail = Command<'VerifyEmail', { userId: string }>;
export type UpdateProfile = Command<'UpdateProfile', { userId: string; personal: Sealed; locale: string; timeZone: string; notificationPreferences: NotificationPreferences; notificationSettings: NotificationSettings }>;
/** `roleExists` is looked up by the handler (custom roles live in their own streams). */
export type GrantRole = Command<'GrantRole', { userId: string; role: string; siteIds: string[] | null; roleExists: boolean }>;
export type RevokeRole = Command<'RevokeRole', { userId: string; role: string }>;
export type EnableTwoFactor = Command<'EnableTwoFactor', { userId: string }>;
export type DisableTwoFactor = Command<'DisableTwoFactor', { userId: string }>;
export type RecordRecoveryCodeUse = Command<'RecordRecoveryCodeUse', { userId: string; remaining: number }>;
export type RecordPasswordResetRequest = Command<'RecordPasswordResetRequest', { userId: string }>;
export type RecordPasswordChange = Command<'RecordPasswordChange', { userId: string; via: 'change' | 'reset' }>;
export type EraseUser = Command<'EraseUser', { userId: string }>;

export type UserCommand =
  | RegisterUser
  | VerifyEmail
  | UpdateProfile
  | GrantRole
  | RevokeRole
  | EnableTwoFactor
  | DisableTwoFactor
  | RecordRecoveryCodeUse
  | RecordPasswordResetRequest
  | RecordPasswordChange
  | EraseUser;

export type DefineRole = Command<'DefineRole', { role: string; description: string; permissions: Permission[] }>;
export type ChangeRole = Command<'ChangeRole', { role: string; description: string; permissions: Permission[] }>;
export type DeleteRole = Command<'DeleteRole', { role: string }>;

export type RoleCommand = DefineRole | ChangeRole | DeleteRole;
