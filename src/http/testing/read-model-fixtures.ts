import { randomUUID } from 'node:crypto';
import type { BookingDetails } from '../contracts/bookings.contracts.js';
import type { Resource } from '../contracts/resources.contracts.js';
import type { Site } from '../contracts/sites.contracts.js';
import type { Space } from '../contracts/spaces.contracts.js';

const CREATED = '2029-12-01T10:00:00.000Z';

export function aSite(overrides: Partial<Site> = {}): Site {
  return {
    id: randomUUID(),
    name: 'Harbour House',
    address: '1 Quay St',
    city: 'Hamburg',
    latitude: 53.54,
    longitude: 9.98,
    kind: 'office',
    timeZone: 'Europe/Berlin',
    revision: 3,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function aSpace(overrides: Partial<Space> = {}): Space {
  return {
    id: randomUUID(),
    siteId: randomUUID(),
    timeZone: 'Europe/Berlin',
    name: 'Elbe',
    kind: 'meeting_room',
    capacity: 8,
    amenities: ['screen'],
    photoUrls: [],
    description: '',
    policy: {
      openingHours: { mon: [{ open: 480, close: 1080 }] },
      slotMinutes: 15,
      minDurationMinutes: 15,
      maxDurationMinutes: 480,
      maxAdvanceDays: 90,
      bufferMinutes: 0,
      changeDeadlineMinutes: 60,
      approvalRequired: false,
    },
    retired: false,
    revision: 2,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function aResource(overrides: Partial<Resource> = {}): Resource {
  return {
    id: randomUUID(),
    siteId: randomUUID(),
    timeZone: 'Europe/Berlin',
    name: 'Projector',
    category: 'equipment',
    quantity: 4,
    description: '',
    retired: false,
    revision: 0,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

export function aBooking(overrides: Partial<BookingDetails> = {}): BookingDetails {
  return {
    id: randomUUID(),
    spaceId: randomUUID(),
    siteId: randomUUID(),
    timeZone: 'Europe/Berlin',
    bookerId: 'alice',
    status: 'confirmed',
    start: '2030-01-07T09:00:00.000Z',
    end: '2030-01-07T10:00:00.000Z',
    purpose: 'Planning',
    participants: 4,
    resources: [],
    revision: 1,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}
