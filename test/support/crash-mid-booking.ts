/**
 * Child process for the crash test: runs the real booking handler against the real store and
 * kills itself (SIGKILL, no cleanup) right after its Nth successful append, leaving a
 * placement half-done exactly as a crashed API process would.
 * Usage: node --import tsx crash-mid-booking.ts <databaseUrl> <appendsBeforeCrash> <requestJson> <actorId>
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { BookingCommandHandlers } from '../../src/booking/application/booking-command-handlers.js';
import { permissionsOfRoles } from '../../src/identity/domain/permissions.js';
import { ScheduleReservations } from '../../src/scheduling/application/schedule-reservations.js';
import type { EventStore } from '../../src/shared/event-store/event-store.js';
import { PostgresEventStore } from '../../src/shared/event-store/postgres/postgres-event-store.js';

const [url, crashAfter, requestJson, actorId] = process.argv.slice(2) as [string, string, string, string];
const pool = new pg.Pool({ connectionString: url });
const real = new PostgresEventStore(pool);
let appends = 0;
const crashing: EventStore = {
  appendToStream: async (...args) => {
    const result = await real.appendToStream(...args);
    if (++appends >= Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
    return result;
  },
  readStream: (...args) => real.readStream(...args),
  readAll: (...args) => real.readAll(...args),
  subscribeToAll: (...args) => real.subscribeToAll(...args),
  close: () => real.close(),
};
const handlers = new BookingCommandHandlers(crashing, new ScheduleReservations(crashing));
const id = randomUUID();
await handlers.requestBooking(JSON.parse(requestJson), {
  actor: { id: actorId, kind: 'user' },
  permissions: permissionsOfRoles(['booker']),
  correlationId: id,
  causationId: id,
  now: new Date('2026-02-27T10:00:00Z'),
  newId: randomUUID,
});
console.log('finished without crashing');
process.exit(0);
