import { describe, expect, it } from 'vitest';
import { deciderSpec, stateAfter } from '../../shared/domain/decider-spec.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/domain/errors.js';
import type { Sealed } from '../../shared/domain/sealed.js';
import type { GrantRole, UserCommand } from './identity.commands.js';
import { DEFAULT_NOTIFICATION_SETTINGS, type UserEvent } from './identity.events.js';
import { userDecider } from './user.decider.js';

const spec = deciderSpec(userDecider);
const userId = 'u1';
const sealed = (data: string): Sealed => ({ keyOwner: userId, alg: 'A256GCM', iv: 'aXY', data });

const register: UserCommand = {
  type: 'RegisterUser',
  data: { userId, accountType: 'client', personal: sealed('first'), locale: 'en', timeZone: 'UTC', initialRole: 'client' },
};
const registered: UserEvent[] = [
  { type: 'UserRegistered', data: { userId, accountType: 'client', personal: sealed('first'), locale: 'en', timeZone: 'UTC' } },
  { type: 'UserRoleGranted', data: { userId, role: 'client', siteIds: null } },
];
const erased: UserEvent = { type: 'UserErased', data: { userId } };
const granted = (role: string, siteIds: string[] | null): UserEvent => ({ type: 'UserRoleGranted', data: { userId, role, siteIds } });
const grant = (role: string, siteIds: string[] | null, roleExists = true): GrantRole => ({ type: 'GrantRole', data: { userId, role, siteIds, roleExists } });
const twoFactorOn: UserEvent = { type: 'UserTwoFactorEnabled', data: { userId } };

/** Every command that acts on an existing account (register and erase have their own rules). */
const accountCommands: UserCommand[] = [
  { type: 'VerifyEmail', data: { userId } },
  { type: 'UpdateProfile', data: { userId, personal: sealed('x'), locale: 'pt', timeZone: 'Europe/Lisbon', notificationPreferences: {}, notificationSettings: DEFAULT_NOTIFICATION_SETTINGS } },
  grant('booker', null),
  { type: 'RevokeRole', data: { userId, role: 'client' } },
  { type: 'EnableTwoFactor', data: { userId } },
  { type: 'DisableTwoFactor', data: { userId } },
  { type: 'RecordRecoveryCodeUse', data: { userId, remaining: 9 } },
  { type: 'RecordPasswordResetRequest', data: { userId } },
  { type: 'RecordPasswordChange', data: { userId, via: 'reset' } },
];

describe('user decider', () => {
  describe('registration', () => {
    it('registers the account and grants its initial role everywhere', () => {
      spec.given([]).when(register).then(registered);
    });

    it('starts unverified, without two-factor, holding only the initial role', () => {
      expect(stateAfter(userDecider, registered)).toEqual({
        status: 'active', userId, accountType: 'client', emailVerified: false, twoFactorEnabled: false, locale: 'en', timeZone: 'UTC',
        notificationPreferences: {}, notificationSettings: DEFAULT_NOTIFICATION_SETTINGS, grants: [{ role: 'client', siteIds: null }],
      });
    });

    it('refuses to register the same id twice, also after an erasure', () => {
      spec.given(registered).when(register).thenThrows(ConflictError);
      spec.given([...registered, erased]).when(register).thenThrows(ConflictError);
    });
  });

  describe('commands on a missing or erased account', () => {
    it.each(accountCommands.map((c) => [c.type, c] as const))('%s on a missing account is not found', (_type, command) => {
      const error = spec.given([]).when(command).thenThrows(NotFoundError);
      expect(error).toMatchObject({ entity: 'user', id: userId });
    });

    it.each(accountCommands.map((c) => [c.type, c] as const))('%s on an erased account is not found', (_type, command) => {
      spec.given([...registered, erased]).when(command).thenThrows(NotFoundError);
    });
  });

  describe('email verification', () => {
    it('verifies once; verifying again changes nothing', () => {
      const verified: UserEvent = { type: 'UserEmailVerified', data: { userId } };
      spec.given(registered).when({ type: 'VerifyEmail', data: { userId } }).then([verified]);
      spec.given([...registered, verified]).when({ type: 'VerifyEmail', data: { userId } }).thenNothing();
      expect(stateAfter(userDecider, [...registered, verified])).toMatchObject({ emailVerified: true });
    });
  });

  describe('profile', () => {
    it('records the new sealed personal data, locale, time zone and preferences', () => {
      const data = { userId, personal: sealed('second'), locale: 'pt-PT', timeZone: 'Europe/Lisbon', notificationPreferences: { 'booking.confirmed': { email: false } }, notificationSettings: { quietHours: { start: '22:00', end: '07:00' }, reminderLeadMinutes: 15 } };
      const updated: UserEvent = { type: 'UserProfileUpdated', data };
      spec.given(registered).when({ type: 'UpdateProfile', data }).then([updated]);
      expect(stateAfter(userDecider, [...registered, updated])).toMatchObject({
        locale: 'pt-PT', timeZone: 'Europe/Lisbon', notificationPreferences: { 'booking.confirmed': { email: false } },
        notificationSettings: { quietHours: { start: '22:00', end: '07:00' }, reminderLeadMinutes: 15 },
      });
    });
  });

  describe('role grants', () => {
    it('grants a role everywhere', () => {
      spec.given(registered).when(grant('booker', null)).then([granted('booker', null)]);
    });

    it('grants on particular sites, deduplicated and in a stable order', () => {
      spec.given(registered).when(grant('hotelier', ['s2', 's1', 's2'])).then([granted('hotelier', ['s1', 's2'])]);
    });

    it('refuses a role that does not exist', () => {
      const error = spec.given(registered).when(grant('night-porter', null, false)).thenThrows(NotFoundError);
      expect(error).toMatchObject({ entity: 'role', id: 'night-porter' });
    });

    it('refuses a hotelier grant without sites, saying to name them', () => {
      const error = spec.given(registered).when(grant('hotelier', null)).thenThrows(ValidationError);
      expect(error.issues).toEqual([{ field: 'siteIds', message: expect.stringContaining('name them in siteIds') }]);
    });

    it('refuses an empty site list (it would grant nothing anywhere)', () => {
      const error = spec.given(registered).when(grant('booker', [])).thenThrows(ValidationError);
      expect(error.issues).toEqual([{ field: 'siteIds', message: expect.stringContaining('at least one site') }]);
      spec.given(registered).when(grant('hotelier', [])).thenThrows(ValidationError);
    });

    it('granting the same role on the same sites again changes nothing', () => {
      spec.given(registered).when(grant('client', null)).thenNothing();
      spec.given([...registered, granted('hotelier', ['s1', 's2'])]).when(grant('hotelier', ['s2', 's1'])).thenNothing();
    });

    it('granting a held role on other sites (or everywhere) replaces its sites', () => {
      const given = [...registered, granted('hotelier', ['s1'])];
      spec.given(given).when(grant('hotelier', ['s1', 's3'])).then([granted('hotelier', ['s1', 's3'])]);
      spec.given([...registered, granted('manager', ['s1'])]).when(grant('manager', null)).then([granted('manager', null)]);
      spec.given(registered).when(grant('client', ['s1'])).then([granted('client', ['s1'])]);
      expect(stateAfter(userDecider, [...given, granted('hotelier', ['s1', 's3'])])).toMatchObject({
        grants: [{ role: 'client', siteIds: null }, { role: 'hotelier', siteIds: ['s1', 's3'] }],
      });
    });

    it('revokes a held role; revoking one not held changes nothing', () => {
      const revoked: UserEvent = { type: 'UserRoleRevoked', data: { userId, role: 'client' } };
      spec.given(registered).when({ type: 'RevokeRole', data: { userId, role: 'client' } }).then([revoked]);
      spec.given(registered).when({ type: 'RevokeRole', data: { userId, role: 'admin' } }).thenNothing();
      spec.given([...registered, revoked]).when({ type: 'RevokeRole', data: { userId, role: 'client' } }).thenNothing();
      expect(stateAfter(userDecider, [...registered, revoked])).toMatchObject({ grants: [] });
    });
  });

  describe('two-factor', () => {
    it('enables once; enabling again is a conflict', () => {
      spec.given(registered).when({ type: 'EnableTwoFactor', data: { userId } }).then([twoFactorOn]);
      spec.given([...registered, twoFactorOn]).when({ type: 'EnableTwoFactor', data: { userId } }).thenThrows(ConflictError);
    });

    it('disables when on; disabling when off changes nothing', () => {
      const off: UserEvent = { type: 'UserTwoFactorDisabled', data: { userId } };
      spec.given([...registered, twoFactorOn]).when({ type: 'DisableTwoFactor', data: { userId } }).then([off]);
      spec.given(registered).when({ type: 'DisableTwoFactor', data: { userId } }).thenNothing();
      spec.given([...registered, twoFactorOn, off]).when({ type: 'EnableTwoFactor', data: { userId } }).then([twoFactorOn]);
    });

    it('records recovery-code use', () => {
      spec.given([...registered, twoFactorOn]).when({ type: 'RecordRecoveryCodeUse', data: { userId, remaining: 9 } }).then([{ type: 'UserRecoveryCodeUsed', data: { userId, remaining: 9 } }]);
    });
  });

  describe('passwords', () => {
    it('records reset requests and changes', () => {
      spec.given(registered).when({ type: 'RecordPasswordResetRequest', data: { userId } }).then([{ type: 'UserPasswordResetRequested', data: { userId } }]);
      spec.given(registered).when({ type: 'RecordPasswordChange', data: { userId, via: 'change' } }).then([{ type: 'UserPasswordChanged', data: { userId, via: 'change' } }]);
    });
  });

  describe('erasure', () => {
    it('erases an account and leaves it holding no roles', () => {
      spec.given([...registered, granted('booker', null)]).when({ type: 'EraseUser', data: { userId } }).then([erased]);
      expect(stateAfter(userDecider, [...registered, erased])).toMatchObject({ status: 'erased', grants: [] });
    });

    it('erasing again changes nothing (a retry finishes the shredding without a second event)', () => {
      spec.given([...registered, erased]).when({ type: 'EraseUser', data: { userId } }).thenNothing();
    });

    it('erasing an account that never existed is not found', () => {
      spec.given([]).when({ type: 'EraseUser', data: { userId } }).thenThrows(NotFoundError);
    });
  });
});
