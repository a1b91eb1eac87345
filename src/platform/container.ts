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
import { BitemporalHistory } from '../audit/application/bitemporal-history.js';
import { PostgresBitemporalLog } from '../audit/infrastructure/postgres-bitemporal-log.js';
import { listBookingChanges } from '../../read-models/queries/booking-history.queries.js';
import type { BookingChangeFeed } from '../http/routes/booking-history.routes.js';
import type { AnalyticsQueries } from '../analytics/application/analytics-queries.js';
import { Reports } from '../analytics/application/reports.js';
import { createPostgresAnalyticsQueries } from '../analytics/infrastructure/postgres-analytics-queries.js';
import { Forecasts } from '../analytics/application/forecasts.js';
import { Recommendations } from '../analytics/application/recommendations.js';
import type { AnalyticsInsights } from '../http/routes/analytics-insights.routes.js';
import { PostgresAuditLog } from '../audit/infrastructure/postgres-audit-log.js';
import type { Inbox } from '../notifications/application/inbox.js';
import { InboxSignals } from '../notifications/infrastructure/inbox-signals.js';
import { PostgresInbox } from '../notifications/infrastructure/postgres-inbox.js';
import { CalendarFeeds } from '../calendar/application/calendar-feeds.js';
import { PostgresCalendarFeedReader } from '../calendar/infrastructure/calendar-feed-reader.js';
import { eventStoreSpaceSites } from '../calendar/infrastructure/calendar-feed-space-sites.js';
import { PostgresFeedTokenStore } from '../calendar/infrastructure/feed-token-store.js';
import { randomFeedTokens } from '../calendar/infrastructure/feed-tokens.js';
import { GoogleCalendarConnections } from '../calendar/application/google-calendar-connections.js';
import type { GoogleCalendarGateway, GoogleSyncStore } from '../calendar/application/google-calendar-ports.js';
import { GoogleApisGateway } from '../calendar/infrastructure/google-calendar-gateway.js';
import { PostgresGoogleSyncStore } from '../calendar/infrastructure/google-sync-store.js';
import { GoogleSyncWorker } from '../calendar/infrastructure/google-sync-worker.js';
import { GOOGLE_CALENDAR_SETTINGS_PATH, type GoogleCalendarAccess } from '../http/routes/google-calendar.routes.js';
import type { FailedDeliveries, PushService, PushSubscriptions } from '../notifications/application/delivery-ports.js';
import { DEFAULT_RETRY } from '../notifications/application/delivery-policy.js';
import { profileRecipients } from '../notifications/application/delivery-recipients.js';
import { DeliveryService, organizerOf } from '../notifications/application/delivery-service.js';
import { DeliveryWorker } from '../notifications/infrastructure/delivery-worker.js';
import { PostgresFailedDeliveries } from '../notifications/infrastructure/delivery-worker-failures.js';
import { vapidKeys } from '../notifications/infrastructure/web-push-keys.js';
import { WebPushService } from '../notifications/infrastructure/web-push-service.js';
import { PostgresPushSubscriptions } from '../notifications/infrastructure/web-push-subscriptions.js';
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
import { postgresRecommendationCatalog } from './postgres-recommendation-catalog.js';
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
  /** Auditors' bitemporal questions, from the audit log. */
  BitemporalHistory: Symbol.for('reserva.BitemporalHistory'),
  /** Who changed which booking when (rm.booking_history). */
  BookingChangeFeed: Symbol.for('reserva.BookingChangeFeed'),
  /** The analytics query port (rm analytics read models) and the reports and heatmaps built on it. */
  AnalyticsQueries: Symbol.for('reserva.AnalyticsQueries'),
  Reports: Symbol.for('reserva.Reports'),
  /** Bookers' slot recommendations and analysts' occupancy forecasts, on the analytics query port. */
  AnalyticsInsights: Symbol.for('reserva.AnalyticsInsights'),
  Identity: Symbol.for('reserva.IdentityServices'),
  IdentityQueries: Symbol.for('reserva.IdentityQueries'),
  /** Email and Web Push of notifications: browsers' subscriptions, the VAPID-signing sender, what failed (admins), the worker. */
  PushSubscriptions: Symbol.for('reserva.PushSubscriptions'),
  PushService: Symbol.for('reserva.PushService'),
  FailedDeliveries: Symbol.for('reserva.FailedDeliveries'),
  DeliveryWorker: Symbol.for('reserva.DeliveryWorker'),
  /** The in-app inbox (notifications.notifications) and the LISTEN that tells this process about changes to it. */
  Inbox: Symbol.for('reserva.Inbox'),
  InboxSignals: Symbol.for('reserva.InboxSignals'),
  /** Secret ICS feed URLs and the feeds (schema calendar, filled by the calendar-sync feed consumer). */
  CalendarFeeds: Symbol.for('reserva.CalendarFeeds'),
  /** Google Calendar sync: GoogleCalendarAccess (the use cases, or `not-configured`), its store, and the worker (bound only when configured). */
  GoogleCalendar: Symbol.for('reserva.GoogleCalendar'),
  GoogleSyncStore: Symbol.for('reserva.GoogleSyncStore'),
  GoogleSyncWorker: Symbol.for('reserva.GoogleSyncWorker'),
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
  c.bind<BookingChangeFeed>(SERVICES.BookingChangeFeed).toDynamicValue((ctx) => ({
    listBookingChanges: (filter) => listBookingChanges(ctx.get<pg.Pool>(SERVICES.ReadPool), config.readModelSchema, filter),
  }));
  c.bind<AnalyticsQueries>(SERVICES.AnalyticsQueries).toDynamicValue((ctx) => createPostgresAnalyticsQueries(ctx.get<pg.Pool>(SERVICES.ReadPool), config.readModelSchema));
  c.bind<Reports>(SERVICES.Reports).toDynamicValue(
    (ctx) =>
      new Reports({
        analytics: ctx.get(SERVICES.AnalyticsQueries),
        site: async (siteId) => await ctx.get<ReadModelQueries>(SERVICES.ReadModelQueries).getSite(siteId),
        displayName: async (userId) => (await ctx.get<IdentityQueries>(SERVICES.IdentityQueries).getUser(userId))?.displayName ?? null,
      }),
  );
  c.bind<IdempotencyStore>(SERVICES.IdempotencyStore).toDynamicValue((ctx) => new PostgresIdempotencyStore(ctx.get(SERVICES.ReadPool)));
  c.bind<Inbox>(SERVICES.Inbox).toDynamicValue((ctx) => new PostgresInbox(ctx.get(SERVICES.ReadPool)));
  c.bind<InboxSignals>(SERVICES.InboxSignals).toDynamicValue((ctx) => new InboxSignals(ctx.get(SERVICES.ReadPool), { log: runtime.log }));
  bindAnalyticsInsights(c, config);
  bindIdentity(c, config, runtime);
  bindNotificationDelivery(c, config, runtime);
  bindMessaging(c, config, runtime.log);
  bindGoogleCalendar(c, config, runtime.log);
  c.bind<CalendarFeeds>(SERVICES.CalendarFeeds).toDynamicValue((ctx) => {
    const pool = ctx.get<pg.Pool>(SERVICES.ReadPool);
    return new CalendarFeeds({
      tokens: new PostgresFeedTokenStore(pool),
      issuer: randomFeedTokens,
      reader: new PostgresCalendarFeedReader(pool),
      spaces: eventStoreSpaceSites(ctx.get(SERVICES.EventStore)),
      owners: ctx.get<IdentityServices>(SERVICES.Identity).access,
      publicUrl: config.identity.publicUrl,
    });
  });
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

/** Google Calendar sync through googleapis; without an OAuth client its routes answer 503 and no worker is bound. */
function bindGoogleCalendar(c: Container, config: Config, log: Logger): void {
  const { client, redirectUrl, endpoints } = config.googleCalendar;
  c.bind<GoogleSyncStore>(SERVICES.GoogleSyncStore).toDynamicValue((ctx) => new PostgresGoogleSyncStore(ctx.get(SERVICES.ReadPool)));
  if (!client) {
    c.bind<GoogleCalendarAccess>(SERVICES.GoogleCalendar).toConstantValue('not-configured');
    return;
  }
  const gateway: GoogleCalendarGateway = new GoogleApisGateway({ clientId: client.id, clientSecret: client.secret, redirectUrl, endpoints });
  c.bind<GoogleCalendarAccess>(SERVICES.GoogleCalendar).toDynamicValue(
    (ctx) =>
      new GoogleCalendarConnections({
        store: ctx.get(SERVICES.GoogleSyncStore),
        gateway,
        vault: ctx.get(SERVICES.PersonalDataVault),
        settingsUrl: `${config.identity.publicUrl}${GOOGLE_CALENDAR_SETTINGS_PATH}`,
        bookerOf: async (bookingId) => (await ctx.get<ReadModelQueries>(SERVICES.ReadModelQueries).getBooking(bookingId))?.bookerId ?? null,
        log,
      }),
  );
  c.bind<GoogleSyncWorker>(SERVICES.GoogleSyncWorker).toDynamicValue(
    (ctx) =>
      new GoogleSyncWorker({
        store: ctx.get(SERVICES.GoogleSyncStore),
        gateway,
        vault: ctx.get(SERVICES.PersonalDataVault),
        publicUrl: config.identity.publicUrl,
        log,
        pool: ctx.get(SERVICES.ReadPool),
      }),
  );
}

function bindNotificationDelivery(c: Container, config: Config, runtime: { log: Logger; smtpUrl?: string }): void {
  const keys = vapidKeys({ configured: config.webPush.vapidKeys, subject: config.webPush.subject, dataDir: config.dataDir });
  c.bind<PushService>(SERVICES.PushService).toConstantValue(new WebPushService({ keys }));
  c.bind<PushSubscriptions>(SERVICES.PushSubscriptions).toDynamicValue((ctx) => new PostgresPushSubscriptions(ctx.get(SERVICES.ReadPool)));
  c.bind<FailedDeliveries>(SERVICES.FailedDeliveries).toDynamicValue((ctx) => new PostgresFailedDeliveries(ctx.get(SERVICES.ReadPool)));
  c.bind<DeliveryWorker>(SERVICES.DeliveryWorker).toDynamicValue((ctx) => {
    if (!runtime.smtpUrl) throw new Error('the delivery worker sends email, and this process was started without a mail server');
    const service = new DeliveryService({
      recipients: profileRecipients(ctx.get<IdentityServices>(SERVICES.Identity).profiles),
      mailer: new SmtpMailer({ url: runtime.smtpUrl, from: config.mail.from }),
      push: ctx.get(SERVICES.PushService),
      subscriptions: ctx.get(SERVICES.PushSubscriptions),
      settings: { publicUrl: config.identity.publicUrl, organizer: organizerOf(config.mail.from), retry: DEFAULT_RETRY, pushTtlSeconds: 86_400 },
    });
    const clock = ctx.get<Clock>(SERVICES.Clock);
    return new DeliveryWorker({ pool: ctx.get(SERVICES.ReadPool), deliver: (job, now) => service.deliver(job, now), clock: () => clock.now(), log: runtime.log });
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
  c.bind<BitemporalHistory>(SERVICES.BitemporalHistory).toDynamicValue((ctx) => new BitemporalHistory(new PostgresBitemporalLog(ctx.get(SERVICES.ReadPool))));
  c.bind<AuditTrail>(SERVICES.AuditTrail).toDynamicValue(
    (ctx) => new AuditTrail(new PostgresAuditLog(ctx.get(SERVICES.ReadPool)), ctx.get(SERVICES.PersonalDataVault), ctx.get(SERVICES.EventStore)),
  );
}

/** Recommendations search the catalog read side and the availability search; both learn from the analytics query port. */
function bindAnalyticsInsights(c: Container, config: Config): void {
  c.bind<AnalyticsInsights>(SERVICES.AnalyticsInsights).toDynamicValue((ctx) => {
    const analytics = ctx.get<AnalyticsQueries>(SERVICES.AnalyticsQueries);
    return {
      recommendations: new Recommendations({ analytics, catalog: postgresRecommendationCatalog(ctx.get(SERVICES.ReadPool), config.readModelSchema) }),
      forecasts: new Forecasts({ analytics, site: (siteId) => ctx.get<ReadModelQueries>(SERVICES.ReadModelQueries).getSite(siteId) }),
    };
  });
}
