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
import { portOnly } from '../../src/shared/event-store/port-only.js';
import { PostgresEventStore } from '../../src/shared/event-store/postgres/postgres-event-store.js';

const [url, crashAfter, requestJson, actorId] = process.argv.slice(2) as [string, string, string, string];
const pool = new pg.Pool({ connectionString: url });
const real = new PostgresEventStore(pool);
let appends = 0;
// Port methods only, so the booking takes the store-agnostic protocol (as on EventStoreDB).
const crashing = portOnly(real, () => {
  if (++appends >= Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
});
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
