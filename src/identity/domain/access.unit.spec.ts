import { describe, expect, it } from 'vitest';
import { effectivePermissions, resolveAccess, type RoleGrant } from './access.js';
import { ALL_PERMISSIONS, BUILT_IN_ROLES, PERMISSIONS as P, type Permission } from './permissions.js';

const noCustomRoles = new Map<string, Permission[]>();
const everywhere = (role: string): RoleGrant => ({ role, siteIds: null });
const on = (role: string, ...siteIds: string[]): RoleGrant => ({ role, siteIds });
const sorted = (permissions: Iterable<Permission>) => [...permissions].sort();

describe('resolveAccess', () => {
  it('gives nothing without grants', () => {
    expect(resolveAccess([], noCustomRoles)).toEqual({ permissions: new Set(), sitePermissions: new Map() });
  });

  it('a grant everywhere gives the role’s permissions everywhere', () => {
    const access = resolveAccess([everywhere('booker')], noCustomRoles);
    expect(sorted(access.permissions)).toEqual(sorted(BUILT_IN_ROLES.booker!));
    expect(access.sitePermissions.size).toBe(0);
  });

  it('unites the permissions of several roles', () => {
    const access = resolveAccess([everywhere('viewer'), everywhere('analyst')], noCustomRoles);
    expect(sorted(access.permissions)).toEqual(sorted(new Set([...BUILT_IN_ROLES.viewer!, ...BUILT_IN_ROLES.analyst!])));
  });

  it('a site grant gives its permissions on those sites only', () => {
    const access = resolveAccess([on('hotelier', 'lisbon', 'porto')], noCustomRoles);
    expect(access.permissions.size).toBe(0);
    expect([...access.sitePermissions.keys()].sort()).toEqual(['lisbon', 'porto']);
    expect(sorted(access.sitePermissions.get('lisbon')!)).toEqual(sorted(BUILT_IN_ROLES.hotelier!));
    expect(access.sitePermissions.get('faro')).toBeUndefined();
  });

  it('site sets never repeat what is held everywhere', () => {
    const access = resolveAccess([on('hotelier', 'lisbon'), everywhere('booker')], noCustomRoles);
    expect(sorted(access.permissions)).toEqual(sorted(BUILT_IN_ROLES.booker!));
    const lisbon = access.sitePermissions.get('lisbon')!;
    for (const p of BUILT_IN_ROLES.booker!) expect(lisbon.has(p)).toBe(false);
    expect(sorted(lisbon)).toEqual(sorted(BUILT_IN_ROLES.hotelier!.filter((p) => !BUILT_IN_ROLES.booker!.includes(p))));
  });

  it('a site grant covered entirely by global permissions leaves no site entry', () => {
    const access = resolveAccess([on('booker', 'lisbon'), everywhere('staff')], noCustomRoles);
    expect(access.sitePermissions.size).toBe(0);
  });

  it('merges several site grants on the same site', () => {
    const access = resolveAccess([on('viewer', 'lisbon'), on('manager', 'lisbon', 'porto')], noCustomRoles);
    expect(sorted(access.sitePermissions.get('lisbon')!)).toEqual(sorted(new Set([...BUILT_IN_ROLES.viewer!, ...BUILT_IN_ROLES.manager!])));
    expect(sorted(access.sitePermissions.get('porto')!)).toEqual(sorted(BUILT_IN_ROLES.manager!));
  });

  it('resolves custom roles, everywhere and on sites', () => {
    const custom = new Map<string, Permission[]>([['front-desk', [P.bookingCheckIn, P.bookingAttendanceManage]], ['reader', [P.analyticsRead]]]);
    const access = resolveAccess([everywhere('reader'), on('front-desk', 'lisbon')], custom);
    expect(sorted(access.permissions)).toEqual([P.analyticsRead]);
    expect(sorted(access.sitePermissions.get('lisbon')!)).toEqual(sorted([P.bookingCheckIn, P.bookingAttendanceManage]));
  });

  it('a grant of a custom role that was deleted (or never existed) gives nothing', () => {
    const access = resolveAccess([everywhere('front-desk'), on('night-porter', 'lisbon'), everywhere('viewer')], noCustomRoles);
    expect(sorted(access.permissions)).toEqual(sorted(BUILT_IN_ROLES.viewer!));
    expect(access.sitePermissions.size).toBe(0);
  });

  it('a custom role named like a property of plain objects resolves like any other', () => {
    // `constructor` passes the role-name rules; it must not be looked up on Object.prototype.
    const custom = new Map<string, Permission[]>([['constructor', [P.analyticsRead]]]);
    expect(sorted(resolveAccess([everywhere('constructor')], custom).permissions)).toEqual([P.analyticsRead]);
    expect(resolveAccess([everywhere('constructor')], noCustomRoles).permissions.size).toBe(0);
  });
});

describe('effectivePermissions', () => {
  it('lists each permission once, in catalogue order, with the sites it holds on (null: everywhere)', () => {
    const custom = new Map<string, Permission[]>([['front-desk', [P.bookingCheckIn, P.bookingApprove]]]);
    const access = resolveAccess([everywhere('viewer'), on('hotelier', 'porto', 'lisbon'), on('front-desk', 'faro')], custom);
    const listed = effectivePermissions(access);
    expect(listed.map((e) => e.permission)).toEqual(ALL_PERMISSIONS.filter((p) => listed.some((e) => e.permission === p)));
    expect(listed).toContainEqual({ permission: P.catalogRead, siteIds: null });
    expect(listed).toContainEqual({ permission: P.catalogManage, siteIds: ['lisbon', 'porto'] });
    expect(listed).toContainEqual({ permission: P.bookingApprove, siteIds: ['faro', 'lisbon', 'porto'] });
    expect(listed).toContainEqual({ permission: P.bookingCheckIn, siteIds: ['faro', 'lisbon', 'porto'] });
    expect(listed.filter((e) => e.permission === P.bookingReadOwn)).toEqual([{ permission: P.bookingReadOwn, siteIds: null }]);
  });

  it('held everywhere wins over a site grant of the same permission, even when both are given', () => {
    const listed = effectivePermissions({ permissions: new Set([P.bookingApprove]), sitePermissions: new Map([['lisbon', new Set([P.bookingApprove, P.blackoutManage])]]) });
    expect(listed).toEqual([
      { permission: P.blackoutManage, siteIds: ['lisbon'] },
      { permission: P.bookingApprove, siteIds: null },
    ]);
  });

  it('is empty without grants', () => {
    expect(effectivePermissions(resolveAccess([], noCustomRoles))).toEqual([]);
  });
});
