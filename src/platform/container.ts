import { randomUUID } from 'node:crypto';
import { Container } from 'inversify';
import pg from 'pg';
import { ALL_PROJECTIONS } from '../../projections/all-projections.js';
import { Projector } from '../../projections/projector.js';
import { BookingCommandHandlers } from '../booking/application/booking-command-handlers.js';
import { BOOKING_COMMANDS, type BookingCommands } from '../booking/application/booking-commands.js';
import { bookingHolder } from '../booking/application/booking-holder.js';
import { blackoutHolder } from '../catalog/application/blackout-holder.js';
import { CatalogCommandHandlers } from '../catalog/application/catalog-command-handlers.js';
import { CATALOG_COMMANDS, type CatalogCommands } from '../catalog/application/catalog-commands.js';
import type { Authenticator } from '../http/auth/authenticator.js';
import { devHeaderAuthenticator } from '../http/auth/dev-header-authenticator.js';
import type { IdempotencyStore } from '../http/idempotency/idempotency-store.js';
import { PostgresIdempotencyStore } from '../http/idempotency/postgres-idempotency-store.js';
import type { ReadModelQueries } from '../http/queries/read-model-queries.js';
import { ScheduleReservations } from '../scheduling/application/schedule-reservations.js';
import { PlacementProcessManager } from '../scheduling/infrastructure/placement-process-manager.js';
import type { EventStore } from '../shared/event-store/event-store.js';
import { EventStoreDbEventStore } from '../shared/event-store/eventstoredb/eventstoredb-event-store.js';
import { PostgresEventStore } from '../shared/event-store/postgres/postgres-event-store.js';
import { portOnly } from '../shared/event-store/port-only.js';
import type { Config } from './config.js';
import { postgresReadModelQueries } from './postgres-read-model-queries.js';
import { TOKENS, type Clock, type IdGenerator, type Logger } from './tokens.js';

export const SERVICES = {
  ...TOKENS,
  WriteStore: Symbol.for('reserva.WriteStore'),
  Schedule: Symbol.for('reserva.ScheduleReservations'),
  BookingCommands: BOOKING_COMMANDS,
  CatalogCommands: CATALOG_COMMANDS,
  ReadModelQueries: Symbol.for('reserva.ReadModelQueries'),
  IdempotencyStore: Symbol.for('reserva.IdempotencyStore'),
  Authenticator: Symbol.for('reserva.Authenticator'),
  Projector: Symbol.for('reserva.Projector'),
  PlacementProcessManager: Symbol.for('reserva.PlacementProcessManager'),
} as const;

/**
 * The one place that knows which adapter serves each port. Everything is a singleton built on
 * first use, so an entry point resolves only what it runs (the projector never builds HTTP).
 */
export function buildContainer(config: Config, runtime: { databaseUrl: string; log: Logger }): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind<Config>(SERVICES.Config).toConstantValue(config);
  c.bind<Logger>(SERVICES.Logger).toConstantValue(runtime.log);
  c.bind<Clock>(SERVICES.Clock).toConstantValue({ now: () => new Date() });
  c.bind<IdGenerator>(SERVICES.IdGenerator).toConstantValue(randomUUID);
  c.bind<pg.Pool>(SERVICES.ReadPool).toDynamicValue(() => {
    const pool = new pg.Pool({ connectionString: runtime.databaseUrl, max: 40 });
    pool.on('error', (error) => runtime.log.error('idle PostgreSQL client failed', { error: String(error) }));
    return pool;
  });
  c.bind<EventStore>(SERVICES.EventStore).toDynamicValue((ctx) =>
    config.eventStoreDbConnectionString
      ? new EventStoreDbEventStore(config.eventStoreDbConnectionString)
      : new PostgresEventStore(ctx.get<pg.Pool>(SERVICES.ReadPool), {
          schema: config.eventStoreSchema,
          onSubscriptionError: (error) => runtime.log.warn('event store poll failed; retrying', { error: String(error) }),
        }),
  );
  // The write side sees the store through the port alone when atomic placement is off.
  c.bind<EventStore>(SERVICES.WriteStore).toDynamicValue((ctx) => {
    const store = ctx.get<EventStore>(SERVICES.EventStore);
    return config.atomicPlacement ? store : portOnly(store);
  });
  c.bind<ScheduleReservations>(SERVICES.Schedule).toDynamicValue((ctx) => new ScheduleReservations(ctx.get(SERVICES.WriteStore)));
  c.bind<BookingCommands>(SERVICES.BookingCommands).toDynamicValue((ctx) => new BookingCommandHandlers(ctx.get(SERVICES.WriteStore), ctx.get(SERVICES.Schedule)));
  c.bind<CatalogCommands>(SERVICES.CatalogCommands).toDynamicValue((ctx) => new CatalogCommandHandlers(ctx.get(SERVICES.WriteStore), ctx.get(SERVICES.Schedule)));
  c.bind<ReadModelQueries>(SERVICES.ReadModelQueries).toDynamicValue((ctx) => postgresReadModelQueries(ctx.get(SERVICES.ReadPool), config.readModelSchema));
  c.bind<IdempotencyStore>(SERVICES.IdempotencyStore).toDynamicValue((ctx) => new PostgresIdempotencyStore(ctx.get(SERVICES.ReadPool)));
  c.bind<Authenticator>(SERVICES.Authenticator).toConstantValue(config.authMode === 'dev-header' ? devHeaderAuthenticator : Object.assign(async () => null, {}));
  c.bind<Projector>(SERVICES.Projector).toDynamicValue(
    (ctx) =>
      new Projector({
        store: ctx.get(SERVICES.EventStore),
        pool: ctx.get(SERVICES.ReadPool),
        projections: ALL_PROJECTIONS,
        schema: config.readModelSchema,
        batchSize: config.projectorBatchSize,
        onError: (error) => runtime.log.error('projection batch failed; retrying', { error: String(error) }),
      }),
  );
  c.bind<PlacementProcessManager>(SERVICES.PlacementProcessManager).toDynamicValue(
    (ctx) =>
      new PlacementProcessManager({
        store: ctx.get(SERVICES.EventStore),
        pool: ctx.get(SERVICES.ReadPool),
        schedule: ctx.get(SERVICES.Schedule),
        holders: { booking: bookingHolder, blackout: blackoutHolder },
        stallAfterMs: config.processManagerStallSeconds * 1000,
        newId: randomUUID,
        log: runtime.log,
      }),
  );
  return c;
}
