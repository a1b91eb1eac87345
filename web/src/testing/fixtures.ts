// Catalogue data for component and unit tests, with the API's shapes (never bundled: only specs import it).
import type { BookingPolicy, Resource, Site, Space } from '../api/types.js';

const CREATED = '2026-01-01T00:00:00.000Z';
const office = [{ open: 480, close: 1200 }];

/** Open 08:00–20:00 on weekdays, a 15-minute grid, bookings from 30 minutes to 4 hours up to 90 days ahead. */
export function aPolicy(overrides: Partial<BookingPolicy> = {}): BookingPolicy {
  return {
    openingHours: { mon: office, tue: office, wed: office, thu: office, fri: office },
    slotMinutes: 15,
    minDurationMinutes: 30,
    maxDurationMinutes: 240,
    maxAdvanceDays: 90,
    bufferMinutes: 0,
    changeDeadlineMinutes: 60,
    approvalRequired: false,
    ...overrides,
  };
}

export function aSite(overrides: Partial<Site> = {}): Site {
  return {
    id: '20000000-0000-4000-8000-000000000001',
    name: 'Lisbon HQ',
    address: 'Avenida da Liberdade 110, 1269-046 Lisbon',
    city: 'Lisbon',
    latitude: 38.72,
    longitude: -9.14,
    kind: 'office',
    timeZone: 'Europe/Lisbon',
    revision: 0,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

/** A meeting room of `aSite`, with 10 minutes kept free after each booking. */
export function aSpace(overrides: Partial<Space> = {}): Space {
  return {
    id: '30000000-0000-4000-8000-000000000001',
    siteId: aSite().id,
    timeZone: 'Europe/Lisbon',
    name: 'Alfama',
    kind: 'meeting_room',
    capacity: 6,
    amenities: ['projector', 'whiteboard'],
    photoUrls: ['/media/spaces/alfama.svg'],
    description: 'A room for small meetings.',
    policy: aPolicy({ bufferMinutes: 10 }),
    retired: false,
    revision: 0,
    createdAt: CREATED,
    updatedAt: CREATED,
    ...overrides,
  };
}

/** Equipment of `aSite`: 4 of it. */
export function aResource(overrides: Partial<Resource> = {}): Resource {
  return {
    id: '40000000-0000-4000-8000-000000000001',
    siteId: aSite().id,
    timeZone: 'Europe/Lisbon',
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
