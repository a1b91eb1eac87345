import type { BookingPolicy } from '../../catalog/domain/catalog.types.js';
import type { ResourceSnapshot, SpaceSnapshot } from './booking.commands.js';

/** Test fixtures shared by the booking domain specs: a Lisbon meeting room (UTC+0 in winter) and its site's resources. */
export const NOW = '2026-03-01T12:00:00.000Z'; // a Sunday

export const officePolicy: BookingPolicy = {
  openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ open: 480, close: 1200 }]])),
  slotMinutes: 15,
  minDurationMinutes: 15,
  maxDurationMinutes: 480,
  maxAdvanceDays: 90,
  bufferMinutes: 15,
  changeDeadlineMinutes: 60,
  approvalRequired: false,
};

export function room(overrides: Partial<SpaceSnapshot> = {}, policy: Partial<BookingPolicy> = {}): SpaceSnapshot {
  return { spaceId: 'room-1', siteId: 'lisbon', timeZone: 'Europe/Lisbon', capacity: 10, retired: false, ...overrides, policy: { ...officePolicy, ...policy } };
}

export const projectors: ResourceSnapshot = { resourceId: 'projectors', siteId: 'lisbon', quantity: 5, retired: false };
export const chairs: ResourceSnapshot = { resourceId: 'chairs', siteId: 'lisbon', quantity: 40, retired: false };
export const oldScreens: ResourceSnapshot = { resourceId: 'old-screens', siteId: 'lisbon', quantity: 3, retired: true };
export const portoCatering: ResourceSnapshot = { resourceId: 'porto-catering', siteId: 'porto', quantity: 9, retired: false };
export const allResources = [projectors, chairs, oldScreens, portoCatering];
