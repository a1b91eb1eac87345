import { assertNever, type Decider } from '../../shared/domain/decider.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import type { RoleGrant } from './access.js';
import type { GrantRole, UserCommand } from './identity.commands.js';
import { DEFAULT_NOTIFICATION_SETTINGS, type AccountType, type NotificationPreferences, type NotificationSettings, type UserEvent } from './identity.events.js';
import { SITE_SCOPED_ROLES } from './permissions.js';

export interface User {
  status: 'active' | 'erased';
  userId: string;
  accountType: AccountType;
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  locale: string;
  timeZone: string;
  notificationPreferences: NotificationPreferences;
  notificationSettings: NotificationSettings;
  grants: RoleGrant[];
}

export type UserState = { status: 'absent' } | User;

function activeUser(state: UserState, userId: string): User {
  // An erased account answers like a missing one: nothing about it remains to act on.
  if (state.status !== 'active') throw new NotFoundError('user', userId);
  return state;
}

const sameSites = (a: string[] | null, b: string[] | null) => (a === null || b === null ? a === b : a.length === b.length && a.every((s, i) => s === b[i]));

function grantRole({ userId, role, siteIds, roleExists }: GrantRole['data'], state: UserState): UserEvent[] {
  const user = activeUser(state, userId);
  if (!roleExists) throw new NotFoundError('role', role);
  if (siteIds !== null && siteIds.length === 0) throw new ValidationError([{ field: 'siteIds', message: 'name at least one site, or leave siteIds out to grant the role everywhere' }]);
  if (siteIds === null && SITE_SCOPED_ROLES.has(role)) throw new ValidationError([{ field: 'siteIds', message: `the ${role} role is granted on particular sites: name them in siteIds` }]);
  const sites = siteIds === null ? null : [...new Set(siteIds)].sort();
  const held = user.grants.find((g) => g.role === role);
  if (held && sameSites(held.siteIds, sites)) return [];
  return [{ type: 'UserRoleGranted', data: { userId, role, siteIds: sites } }];
}

function decide(command: UserCommand, state: UserState): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser': {
      const { initialRole, ...data } = command.data;
      if (state.status !== 'absent') throw new ConflictError(`user ${data.userId} already exists`);
      return [{ type: 'UserRegistered', data }, { type: 'UserRoleGranted', data: { userId: data.userId, role: initialRole, siteIds: null } }];
    }
    case 'VerifyEmail': {
      const user = activeUser(state, command.data.userId);
      return user.emailVerified ? [] : [{ type: 'UserEmailVerified', data: command.data }];
    }
    case 'UpdateProfile':
      activeUser(state, command.data.userId);
      return [{ type: 'UserProfileUpdated', data: command.data }];
    case 'GrantRole':
      return grantRole(command.data, state);
    case 'RevokeRole': {
      const user = activeUser(state, command.data.userId);
      return user.grants.some((g) => g.role === command.data.role) ? [{ type: 'UserRoleRevoked', data: command.data }] : [];
    }
    case 'EnableTwoFactor': {
      const user = activeUser(state, command.data.userId);
      if (user.twoFactorEnabled) throw new ConflictError('two-factor authentication is already enabled');
      return [{ type: 'UserTwoFactorEnabled', data: command.data }];
    }
    case 'DisableTwoFactor': {
      const user = activeUser(state, command.data.userId);
      return user.twoFactorEnabled ? [{ type: 'UserTwoFactorDisabled', data: command.data }] : [];
    }
    case 'RecordRecoveryCodeUse':
      activeUser(state, command.data.userId);
      return [{ type: 'UserRecoveryCodeUsed', data: command.data }];
    case 'RecordPasswordResetRequest':
      activeUser(state, command.data.userId);
      return [{ type: 'UserPasswordResetRequested', data: command.data }];
    case 'RecordPasswordChange':
      activeUser(state, command.data.userId);
      return [{ type: 'UserPasswordChanged', data: command.data }];
    case 'EraseUser':
      if (state.status === 'absent') throw new NotFoundError('user', command.data.userId);
      return state.status === 'erased' ? [] : [{ type: 'UserErased', data: command.data }];
    default:
      return assertNever(command);
  }
}

function evolve(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserRegistered') {
    const { userId, accountType, locale, timeZone } = event.data;
    return { status: 'active', userId, accountType, emailVerified: false, twoFactorEnabled: false, locale, timeZone, notificationPreferences: {}, notificationSettings: DEFAULT_NOTIFICATION_SETTINGS, grants: [] };
  }
  if (state.status === 'absent') return state;
  switch (event.type) {
    case 'UserEmailVerified':
      return { ...state, emailVerified: true };
    case 'UserProfileUpdated':
      return { ...state, locale: event.data.locale, timeZone: event.data.timeZone, notificationPreferences: event.data.notificationPreferences, notificationSettings: event.data.notificationSettings ?? DEFAULT_NOTIFICATION_SETTINGS };
    case 'UserRoleGranted': {
      const { role, siteIds } = event.data;
      return { ...state, grants: [...state.grants.filter((g) => g.role !== role), { role, siteIds }] };
    }
    case 'UserRoleRevoked':
      return { ...state, grants: state.grants.filter((g) => g.role !== event.data.role) };
    case 'UserTwoFactorEnabled':
      return { ...state, twoFactorEnabled: true };
    case 'UserTwoFactorDisabled':
      return { ...state, twoFactorEnabled: false };
    case 'UserErased':
      return { ...state, status: 'erased', grants: [] };
    case 'UserRecoveryCodeUsed':
    case 'UserPasswordResetRequested':
    case 'UserPasswordChanged':
      return state;
    default:
      return assertNever(event);
  }
}

/** A person's account (stream `user-<id>`): lifecycle, roles, second factor, erasure. */
export const userDecider: Decider<UserState, UserCommand, UserEvent> = {
  initialState: () => ({ status: 'absent' }),
  decide,
  evolve,
};
