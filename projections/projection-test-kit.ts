import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BookingPlacement, BookingRequested } from '../src/booking/domain/booking.events.js';
import type { SiteRegistered, SpaceCreated, ResourceCreated } from '../src/catalog/domain/catalog.events.js';
import type { BookingPolicy } from '../src/catalog/domain/catalog.types.js';
import type { SlotReserved } from '../src/scheduling/domain/schedule.events.js';
import type { EventMetadata, Position } from '../src/shared/event-store/event-store.js';
import { ensureEventStoreSchema } from '../src/shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../src/shared/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, type TestDatabase } from '../test/support/test-database.js';
import { migrateReadModels } from '../read-models/migrate.js';
import { ALL_PROJECTIONS } from './all-projections.js';
import { Projector } from './projector.js';

/** A fact to record: one event for one stream. */
export interface Fact {
  stream: string;
  type: string;
  data: unknown;
  /** occurredAt; default: a test clock that ticks one second per fact. */
  at?: string;
  actor?: string;
}

/** A real PostgreSQL event store and a migrated live read-model schema for projection specs. */
export interface ReadModelKit {
  db: TestDatabase;
  pool: pg.Pool;
  store: PostgresEventStore;
  schema: string;
  /** Appends the facts in order (one append each); returns the position of the last one. */
  record(...facts: Fact[]): Promise<Position>;
  /** Applies everything recorded so far with all projections (a fresh Projector each time). */
  project(): Promise<void>;
  close(): Promise<void>;
}

export async function createReadModelKit(prefix: string): Promise<ReadModelKit> {
  const db = await createTestDatabase(prefix);
  const pool = new pg.Pool({ connectionString: db.url, max: 12 });
  await ensureEventStoreSchema(pool);
  const schema = 'rm';
  await migrateReadModels(pool, schema);
  const store = new PostgresEventStore(pool, { onSubscriptionError: () => {} });
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  return {
    db,
    pool,
    store,
    schema,
    async record(...facts) {
      let position: Position | undefined;
      for (const f of facts) {
        clock += 1000;
        const metadata: EventMetadata = {
          schemaVersion: 1,
          occurredAt: f.at ?? new Date(clock).toISOString(),
          actor: { id: f.actor ?? 'user-1', kind: 'user' },
          correlationId: randomUUID(),
          causationId: randomUUID(),
        };
        ({ position } = await store.appendToStream(f.stream, [{ id: randomUUID(), type: f.type, data: f.data, metadata }], { expectedRevision: 'any' }));
      }
      return position!;
    },
    async project() {
      await new Projector({ store, pool, projections: ALL_PROJECTIONS, schema }).catchUp();
    },
    async close() {
      await store.close();
      await pool.end();
      await db.drop();
    },
  };
}

export const weekdaysAndWeekends = (open: number, close: number): BookingPolicy['openingHours'] =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open, close }]]));

export const policy = (overrides: Partial<BookingPolicy> = {}): BookingPolicy => ({
  openingHours: weekdaysAndWeekends(480, 1080),
  slotMinutes: 15,
  minDurationMinutes: 15,
  maxDurationMinutes: 480,
  maxAdvanceDays: 365,
  bufferMinutes: 0,
  changeDeadlineMinutes: 60,
  approvalRequired: false,
  ...overrides,
});

export function siteRegistered(siteId: string, overrides: Partial<SiteRegistered['data']> = {}): Fact {
  const data: SiteRegistered['data'] = {
    siteId, name: `Site ${siteId}`, address: '1 Main Street', city: 'Berlin', latitude: 52.52, longitude: 13.4,
    timeZone: 'Europe/Berlin', kind: 'office', ...overrides,
  };
  return { stream: `site-${siteId}`, type: 'SiteRegistered', data };
}

export function spaceCreated(spaceId: string, siteId: string, overrides: Partial<SpaceCreated['data']> = {}): Fact {
  const data: SpaceCreated['data'] = {
    spaceId, siteId, timeZone: 'Europe/Berlin', policy: policy(), name: `Room ${spaceId}`, kind: 'meeting_room', capacity: 8,
    amenities: [], photoUrls: [], description: '', ...overrides,
  };
  return { stream: `space-${spaceId}`, type: 'SpaceCreated', data };
}

export function resourceCreated(resourceId: string, siteId: string, overrides: Partial<ResourceCreated['data']> = {}): Fact {
  const data: ResourceCreated['data'] = {
    resourceId, siteId, timeZone: 'Europe/Berlin', name: `Resource ${resourceId}`, category: 'equipment', quantity: 5, description: '', ...overrides,
  };
  return { stream: `resource-${resourceId}`, type: 'ResourceCreated', data };
}

export function bookingFact(bookingId: string, type: string, data: Record<string, unknown> = {}, options: { at?: string; actor?: string } = {}): Fact {
  return { stream: `booking-${bookingId}`, type, data: { bookingId, ...data }, ...options };
}

export function bookingRequested(bookingId: string, spaceId: string, start: string, end: string, overrides: Partial<BookingRequested['data']> = {}): Fact {
  const placement: BookingPlacement = { placement: 1, start, end, holdUntil: end, participants: 4, resources: [], buckets: [], reservations: [] };
  const data: BookingRequested['data'] = {
    bookingId, bookerId: 'user-1', spaceId, siteId: 'berlin', timeZone: 'Europe/Berlin', purpose: 'Weekly sync',
    approvalRequired: false, changeDeadlineMinutes: 60, ...placement, ...overrides,
  };
  return { stream: `booking-${bookingId}`, type: 'BookingRequested', data };
}

/** Reservation of one day bucket; `reservationId` defaults to `<holderId>#1`. */
export function slotReserved(targetId: string, day: string, holder: SlotReserved['data']['holder'], start: string, end: string, overrides: Partial<SlotReserved['data']> = {}): Fact {
  const data: SlotReserved['data'] = {
    targetId, targetKind: 'space', day, reservationId: `${holder.id}#1`, holder, start, end, quantity: 1, ...overrides,
  };
  return { stream: `schedule-${targetId}-${day}`, type: 'SlotReserved', data };
}

export function slotReleased(targetId: string, day: string, reservationId: string): Fact {
  return { stream: `schedule-${targetId}-${day}`, type: 'SlotReleased', data: { targetId, day, reservationId } };
}
