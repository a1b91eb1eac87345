import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { BookingCommandHandlers } from '../../src/booking/application/booking-command-handlers.js';
import { CatalogCommandHandlers } from '../../src/catalog/application/catalog-command-handlers.js';
import type { BookingPolicy } from '../../src/catalog/domain/catalog.types.js';
import { permissionsOfRoles } from '../../src/identity/domain/permissions.js';
import { ScheduleReservations } from '../../src/scheduling/application/schedule-reservations.js';
import type { CommandContext } from '../../src/shared/event-store/envelope.js';
import { ensureEventStoreSchema } from '../../src/shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../../src/shared/event-store/postgres/postgres-event-store.js';
import { portOnly } from '../../src/shared/event-store/port-only.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The real write side (PostgreSQL event store, handlers) on a fresh test database. */
export async function createWriteSide(options: { atomic: boolean } = { atomic: true }) {
  const db: TestDatabase = await createTestDatabase('ws');
  const pool = new pg.Pool({ connectionString: db.url, max: 20 });
  await ensureEventStoreSchema(pool);
  const pgStore = new PostgresEventStore(pool);
  // Without atomic appends the handlers run the store-agnostic protocol, as on EventStoreDB.
  const store = options.atomic ? pgStore : portOnly(pgStore);
  const schedule = new ScheduleReservations(store);
  return {
    db,
    pool,
    store,
    schedule,
    bookings: new BookingCommandHandlers(store, schedule),
    catalog: new CatalogCommandHandlers(store, schedule),
    async close() {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
}

export function context(actorId: string, roles: string[], now: string | Date): CommandContext {
  const id = randomUUID();
  return {
    actor: { id: actorId, kind: 'user' },
    permissions: permissionsOfRoles(roles),
    correlationId: id,
    causationId: id,
    now: typeof now === 'string' ? new Date(now) : now,
    newId: randomUUID,
  };
}

const weekday = { open: 8 * 60, close: 20 * 60 };
export const officeHours: BookingPolicy = {
  openingHours: { mon: [weekday], tue: [weekday], wed: [weekday], thu: [weekday], fri: [weekday] },
  slotMinutes: 15,
  minDurationMinutes: 15,
  maxDurationMinutes: 8 * 60,
  maxAdvanceDays: 90,
  bufferMinutes: 0,
  changeDeadlineMinutes: 60,
  approvalRequired: false,
};

export const lisbonSite = {
  name: 'Lisbon HQ',
  address: 'Avenida da Liberdade 110',
  city: 'Lisbon',
  latitude: 38.72,
  longitude: -9.14,
  timeZone: 'Europe/Lisbon',
  kind: 'office' as const,
};

export function room(siteId: string, overrides: Partial<BookingPolicy> = {}, name = 'Tejo') {
  return { siteId, name, kind: 'meeting_room' as const, capacity: 8, amenities: ['whiteboard', 'screen'], photoUrls: [], description: 'A meeting room', policy: { ...officeHours, ...overrides } };
}
