import { describe, expect, it } from 'vitest';
import type { RoleGrant } from '../../identity/domain/access.js';
import { PERMISSIONS, type Permission } from '../../identity/domain/permissions.js';
import { holdersOn, rolesGranting } from './approvers.js';

const approve = PERMISSIONS.bookingApprove;

describe('approvers of a site', () => {
  const custom = new Map<string, Permission[]>([['desk-lead', [approve]], ['reader', [PERMISSIONS.bookingReadAny]]]);
  const grants = new Map<string, RoleGrant[]>([
    ['staff-everywhere', [{ role: 'staff', siteIds: null }]],
    ['hotelier-lisbon', [{ role: 'hotelier', siteIds: ['lisbon'] }]],
    ['hotelier-porto', [{ role: 'hotelier', siteIds: ['porto'] }]],
    ['desk-lead-lisbon', [{ role: 'desk-lead', siteIds: ['lisbon'] }]],
    ['gone-role', [{ role: 'deleted-role', siteIds: null }]],
    ['booker', [{ role: 'booker', siteIds: null }]],
  ]);

  it('are the roles carrying the permission, built in and custom', () => {
    expect(rolesGranting(approve, custom).sort()).toEqual(['admin', 'desk-lead', 'hotelier', 'manager', 'staff']);
  });

  it('hold booking.approve everywhere or on that very site, through built-in or custom roles', () => {
    expect(holdersOn('lisbon', approve, grants, custom)).toEqual(['desk-lead-lisbon', 'hotelier-lisbon', 'staff-everywhere']);
    expect(holdersOn('porto', approve, grants, custom)).toEqual(['hotelier-porto', 'staff-everywhere']);
  });

  it('lose it with their custom role', () => {
    expect(holdersOn('lisbon', approve, grants, new Map())).toEqual(['hotelier-lisbon', 'staff-everywhere']);
  });
});
