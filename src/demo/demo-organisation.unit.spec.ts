import { describe, expect, it } from 'vitest';
import { SITE_KINDS, SPACE_KINDS } from '../catalog/domain/catalog.types.js';
import { BUILT_IN_ROLES, PERMISSIONS, permissionsOfRoles } from '../identity/domain/permissions.js';
import { isValidTimeZone } from '../shared/domain/time-zone.js';
import { DEMO_ADMIN, DEMO_BOOKER, DEMO_ORGANISATION } from './demo-organisation.js';

const { sites, users } = DEMO_ORGANISATION;
const spaces = sites.flatMap((s) => s.spaces);
const resources = sites.flatMap((s) => s.resources);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('the demo organisation', () => {
  it('uses unique, valid uuids for everything', () => {
    const ids = [...users.map((u) => u.userId), ...sites.map((s) => s.siteId), ...spaces.map((s) => s.spaceId), ...resources.map((r) => r.resourceId)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID);
  });

  it('has several sites in different, valid time zones, of several kinds', () => {
    expect(sites.length).toBeGreaterThanOrEqual(4);
    for (const s of sites) {
      expect(isValidTimeZone(s.timeZone), s.timeZone).toBe(true);
      expect(SITE_KINDS).toContain(s.kind);
      expect(Math.abs(s.latitude)).toBeLessThanOrEqual(90);
      expect(Math.abs(s.longitude)).toBeLessThanOrEqual(180);
    }
    expect(new Set(sites.map((s) => s.timeZone)).size).toBe(sites.length);
    expect(new Set(sites.map((s) => s.kind)).size).toBeGreaterThanOrEqual(3);
  });

  it('has a few dozen spaces of varied kinds with sensible policies', () => {
    expect(spaces.length).toBeGreaterThanOrEqual(24);
    expect(new Set(spaces.map((s) => s.kind))).toEqual(new Set(SPACE_KINDS));
    expect(spaces.some((s) => s.policy.approvalRequired)).toBe(true);
    expect(spaces.some((s) => s.policy.openingHours === null && s.policy.slotMinutes === 1440)).toBe(true);
    for (const s of spaces) {
      const p = s.policy;
      expect(s.capacity, s.name).toBeGreaterThanOrEqual(1);
      expect(s.photoUrls).toEqual([`/media/spaces/${s.spaceId}.svg`]);
      expect(p.minDurationMinutes % p.slotMinutes, s.name).toBe(0);
      expect(p.maxDurationMinutes % p.slotMinutes, s.name).toBe(0);
      expect(p.minDurationMinutes).toBeLessThanOrEqual(p.maxDurationMinutes);
      for (const windows of Object.values(p.openingHours ?? {})) {
        for (const w of windows) {
          expect(w.open % p.slotMinutes, s.name).toBe(0);
          expect(w.close % p.slotMinutes, s.name).toBe(0);
          expect(w.close - w.open).toBeGreaterThanOrEqual(p.minDurationMinutes);
          expect(w.close).toBeLessThanOrEqual(1440);
        }
      }
    }
  });

  it('gives every site pooled resources of every category it needs', () => {
    for (const s of sites) {
      expect(s.resources.length, s.name).toBeGreaterThanOrEqual(3);
      for (const r of s.resources) expect(r.quantity).toBeGreaterThanOrEqual(1);
    }
  });

  it('has a user for every built-in role, and people at every site who can book', () => {
    const roles = new Set(users.flatMap((u) => u.roles));
    for (const role of Object.keys(BUILT_IN_ROLES)) expect(roles, role).toContain(role);
    for (const u of users) for (const r of u.roles) expect(Object.keys(BUILT_IN_ROLES)).toContain(r);
    for (const s of sites) {
      const bookers = users.filter((u) => u.homeSiteId === s.siteId && permissionsOfRoles(u.roles).has(PERMISSIONS.bookingCreate));
      expect(bookers.length, s.name).toBeGreaterThanOrEqual(2);
      const operator = users.find((u) => u.userId === s.operatorId);
      expect(operator && permissionsOfRoles(operator.roles).has(PERMISSIONS.bookingApprove), s.name).toBe(true);
    }
    expect(permissionsOfRoles(DEMO_BOOKER.roles).has(PERMISSIONS.bookingCreate)).toBe(true);
    expect(DEMO_ADMIN.roles).toContain('admin');
  });
});
