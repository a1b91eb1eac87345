/**
 * Entry point: `npm run replay-bookings` replays every booking stream from position zero with
 * the booking decider and prints a reconciliation summary with the read model (bookings per
 * status, events per type, bookings whose status differs): exit 0 when they agree, 1 when not.
 */
import type pg from 'pg';
import { replayBookings } from '../audit/application/replay-bookings.js';
import { readModelBookingStatuses } from '../audit/infrastructure/read-model-booking-statuses.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';
import type { EventStore } from '../shared/event-store/event-store.js';

const runtime = await bootstrap('replay-bookings');
const pool = runtime.container.get<pg.Pool>(SERVICES.ReadPool);
const store = runtime.container.get<EventStore>(SERVICES.EventStore);
const summary = await replayBookings(store, () => readModelBookingStatuses(pool, runtime.config.readModelSchema));
process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
await runtime.shutdown();
process.exit(summary.mismatches.length === 0 && summary.unknownToLog.length === 0 ? 0 : 1);
