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
import { jwtAuthenticator } from '../http/auth/jwt-authenticator.js';
import type { IdempotencyStore } from '../http/idempotency/idempotency-store.js';
import { PostgresIdempotencyStore } from '../http/idempotency/postgres-idempotency-store.js';
import type { IdentityQueries } from '../http/queries/identity-queries.js';
import type { ReadModelQueries } from '../http/queries/read-model-queries.js';
import type { IdentityServices } from '../identity/application/identity-services.js';
import { postgresIdentity } from '../identity/infrastructure/postgres-identity.js';
import { PostgresPersonalDataVault } from '../identity/infrastructure/postgres/postgres-personal-data-vault.js';
import { sealingRequestMetadata } from '../identity/infrastructure/request-sealing-event-store.js';
import { SmtpMailer } from '../shared/mail/smtp-mailer.js';
import { AuditTrail } from '../audit/application/audit-trail.js';
import { PostgresAuditLog } from '../audit/infrastructure/postgres-audit-log.js';
import { InProcessBus } from '../messaging/in-process-bus.js';
import { KafkaBus } from '../messaging/kafka/kafka-bus.js';
import type { MessageBus } from '../messaging/message-bus.js';
import { Relay } from '../messaging/relay.js';
import { ScheduleReservations } from '../scheduling/application/schedule-reservations.js';
import { PlacementProcessManager } from '../scheduling/infrastructure/placement-process-manager.js';
import type { EventStore } from '../shared/event-store/event-store.js';
import { EventStoreDbEventStore } from '../shared/event-store/eventstoredb/eventstoredb-event-store.js';
import { PostgresEventStore } from '../shared/event-store/postgres/postgres-event-store.js';
import { portOnly } from '../shared/event-store/port-only.js';
import type { Config } from './config.js';
import { postgresIdentityQueries } from './postgres-identity-queries.js';
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
  PersonalDataVault: Symbol.for('reserva.PersonalDataVault'),
  /** MessagePublisher & MessageSource: Kafka when KAFKA_BROKERS is set, else the in-process bus. */
  MessageBus: Symbol.for('reserva.MessageBus'),
  Relay: Symbol.for('reserva.Relay'),
  AuditTrail: Symbol.for('reserva.AuditTrail'),
  Identity: Symbol.for('reserva.IdentityServices'),
  IdentityQueries: Symbol.for('reserva.IdentityQueries'),
} as const;

/**
 * The one place that knows which adapter serves each port. Everything is a singleton built on
 * first use, so an entry point resolves only what it runs (the projector never builds HTTP).
 */
export function buildContainer(config: Config, runtime: { databaseUrl: string; log: Logger; /** SMTP server to send through; absent in processes that send no mail. */ smtpUrl?: string }): Container {
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
  c.bind<PostgresPersonalDataVault>(SERVICES.PersonalDataVault).toDynamicValue((ctx) => new PostgresPersonalDataVault(ctx.get<pg.Pool>(SERVICES.ReadPool)));
  c.bind<EventStore>(SERVICES.EventStore).toDynamicValue((ctx) => {
    const pool = ctx.get<pg.Pool>(SERVICES.ReadPool);
    const store = config.eventStoreDbConnectionString
      ? new EventStoreDbEventStore(config.eventStoreDbConnectionString)
      : new PostgresEventStore(pool, {
          schema: config.eventStoreSchema,
          onSubscriptionError: (error) => runtime.log.warn('event store poll failed; retrying', { error: String(error) }),
        });
    // People's IP addresses and user agents go into the log sealed with their own key.
    return sealingRequestMetadata(store, ctx.get<PostgresPersonalDataVault>(SERVICES.PersonalDataVault));
  });
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
  bindIdentity(c, config, runtime);
  bindMessaging(c, config, runtime.log);
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

function bindIdentity(c: Container, config: Config, runtime: { smtpUrl?: string }): void {
  const { identity } = config;
  c.bind<IdentityServices>(SERVICES.Identity).toDynamicValue((ctx) => {
    if (!runtime.smtpUrl) throw new Error('identity sends email, and this process was started without a mail server');
    return postgresIdentity(ctx.get(SERVICES.ReadPool), ctx.get(SERVICES.EventStore), new SmtpMailer({ url: runtime.smtpUrl, from: config.mail.from }), ctx.get<Logger>(SERVICES.Logger), {
      ...identity,
      vault: ctx.get(SERVICES.PersonalDataVault),
      settings: {
        publicUrl: identity.publicUrl,
        registrationAccountTypes: identity.registrationAccountTypes,
        verifyEmailTtlSeconds: 3 * 86_400,
        passwordResetTtlSeconds: 30 * 60,
        totpIssuer: 'Reserva',
      },
    });
  });
  c.bind<IdentityQueries>(SERVICES.IdentityQueries).toDynamicValue((ctx) => postgresIdentityQueries(ctx.get(SERVICES.ReadPool), config.readModelSchema));
  c.bind<Authenticator>(SERVICES.Authenticator).toDynamicValue((ctx) => {
    const services = ctx.get<IdentityServices>(SERVICES.Identity);
    return jwtAuthenticator({ tokens: services.deps.tokens, sessions: services.deps.sessions, access: services.access, clock: () => ctx.get<Clock>(SERVICES.Clock).now() });
  });
}

function bindMessaging(c: Container, config: Config, log: Logger): void {
  c.bind<MessageBus>(SERVICES.MessageBus).toDynamicValue((ctx) => {
    const onError = (error: unknown) => log.warn('message bus failed; retrying', { error: String(error) });
    if (config.kafkaBrokers.length > 0) return new KafkaBus({ brokers: config.kafkaBrokers, clientId: 'reserva', partitions: config.kafkaPartitions, onError });
    return new InProcessBus(ctx.get<pg.Pool>(SERVICES.ReadPool), { onError });
  });
  c.bind<Relay>(SERVICES.Relay).toDynamicValue(
    (ctx) =>
      new Relay({
        store: ctx.get(SERVICES.EventStore),
        pool: ctx.get(SERVICES.ReadPool),
        publisher: ctx.get<MessageBus>(SERVICES.MessageBus),
        onError: (error) => log.warn('relay failed; starting over from its checkpoint', { error: String(error) }),
      }),
  );
  c.bind<AuditTrail>(SERVICES.AuditTrail).toDynamicValue(
    (ctx) => new AuditTrail(new PostgresAuditLog(ctx.get(SERVICES.ReadPool)), ctx.get(SERVICES.PersonalDataVault), ctx.get(SERVICES.EventStore)),
  );
}
