import type pg from 'pg';
import { AUDIT_LOG_CONSUMER, startAuditLogConsumer } from '../audit/infrastructure/audit-log-consumer.js';
import { CALENDAR_FEED_CONSUMER, startCalendarFeedConsumer } from '../calendar/infrastructure/calendar-feed-consumer.js';
import { GOOGLE_CALENDAR_CONSUMER, startGoogleCalendarConsumer } from '../calendar/infrastructure/google-calendar-consumer.js';
import type { GoogleSyncWorker } from '../calendar/infrastructure/google-sync-worker.js';
import type { MessageBus } from '../messaging/message-bus.js';
import { startMessagingRetention } from '../messaging/messaging-retention.js';
import type { Relay } from '../messaging/relay.js';
import type { DeliveryWorker } from '../notifications/infrastructure/delivery-worker.js';
import { ensureNotificationsSchema } from '../notifications/infrastructure/notifications-schema.js';
import { NOTIFICATIONS_CONSUMER, startNotificationsConsumer } from '../notifications/infrastructure/notifications-consumer.js';
import { startReminderTicker } from '../notifications/infrastructure/reminders.js';
import type { PersonalDataVault } from '../identity/application/identity-ports.js';
import type { Runtime } from './bootstrap.js';
import { SERVICES } from './container.js';
import { consumerMetrics, relayMetrics, type NamedConsumer } from './messaging-metrics.js';
import type { Metric } from './metrics.js';

const HOUR = 3_600_000;

/** The process's message bus, its topics created (Kafka) and closed on shutdown. */
export async function openMessageBus(runtime: Runtime): Promise<MessageBus> {
  const bus = runtime.container.get<MessageBus & { prepare?(): Promise<void>; close?(): Promise<void> }>(SERVICES.MessageBus);
  await bus.prepare?.();
  runtime.onShutdown(async () => bus.close?.());
  return bus;
}

/**
 * The relay and the consumers in this process (`npm start`, tests): what production runs as
 * separate entry points. Returns the relay and the metrics of both, for the API's /metrics.
 */
export async function startMessaging(runtime: Runtime): Promise<{ relay: Relay; metrics: Metric[] }> {
  const { container } = runtime;
  const bus = await openMessageBus(runtime);
  const relay = container.get<Relay>(SERVICES.Relay);
  await relay.start();
  runtime.onShutdown(() => relay.stop());
  const audit = await startAuditLog(runtime, bus);
  const calendarFeeds = await startCalendarFeeds(runtime, bus);
  const googleCalendar = await startGoogleCalendarSync(runtime, bus);
  const notifications = await startNotifications(runtime, bus);
  await startDeliveryWorker(runtime);
  startMessagingHousekeeping(runtime);
  return { relay, metrics: [...relayMetrics(relay), ...consumerMetricsUntilShutdown(runtime, [audit, calendarFeeds, googleCalendar, notifications])] };
}

/** The hash-chained audit log (schema `audit`), until shutdown. */
export async function startAuditLog(runtime: Runtime, bus: MessageBus): Promise<NamedConsumer> {
  const consumer = await startAuditLogConsumer({
    pool: runtime.container.get<pg.Pool>(SERVICES.ReadPool),
    source: bus,
    publisher: bus,
    onError: (error) => runtime.log.warn('audit log consumer failed; retrying', { error: String(error) }),
  });
  runtime.onShutdown(() => consumer.stop());
  return { name: AUDIT_LOG_CONSUMER, consumer };
}

/** The ICS feed consumer (schema `calendar`), until shutdown. */
export async function startCalendarFeeds(runtime: Runtime, bus: MessageBus): Promise<NamedConsumer> {
  const consumer = await startCalendarFeedConsumer({
    pool: runtime.container.get<pg.Pool>(SERVICES.ReadPool),
    source: bus,
    publisher: bus,
    onError: (error) => runtime.log.warn('calendar feed consumer failed; retrying', { error: String(error) }),
  });
  runtime.onShutdown(() => consumer.stop());
  return { name: CALENDAR_FEED_CONSUMER, consumer };
}

/**
 * The notifications consumer (who is told what, schema `notifications`) and the ticker that
 * fires due booking reminders every config.reminderIntervalSeconds, until shutdown.
 */
export async function startNotifications(runtime: Runtime, bus: MessageBus): Promise<NamedConsumer> {
  const { container, log, config } = runtime;
  const pool = container.get<pg.Pool>(SERVICES.ReadPool);
  const consumer = await startNotificationsConsumer({
    pool,
    source: bus,
    publisher: bus,
    vault: container.get<PersonalDataVault>(SERVICES.PersonalDataVault),
    onError: (error) => log.warn('notifications consumer failed; retrying', { error: String(error) }),
  });
  runtime.onShutdown(() => consumer.stop());
  const reminders = startReminderTicker({
    pool,
    clock: () => new Date(),
    intervalMs: config.reminderIntervalSeconds * 1000,
    onError: (error) => log.warn('firing booking reminders failed; trying again', { error: String(error) }),
  });
  runtime.onShutdown(() => reminders.stop());
  return { name: NOTIFICATIONS_CONSUMER, consumer };
}

/** Sends the email and Web Push deliveries of notifications as they fall due, until shutdown. */
export async function startDeliveryWorker(runtime: Runtime): Promise<void> {
  await ensureNotificationsSchema(runtime.container.get<pg.Pool>(SERVICES.ReadPool));
  const worker = runtime.container.get<DeliveryWorker>(SERVICES.DeliveryWorker);
  await worker.start();
  runtime.onShutdown(() => worker.stop());
}

/**
 * Google Calendar sync: its consumer always (it keeps the bookings folded, so a person who
 * connects later gets their upcoming ones), its worker when an OAuth client is configured.
 */
export async function startGoogleCalendarSync(runtime: Runtime, bus: MessageBus): Promise<NamedConsumer> {
  const { container, log } = runtime;
  const consumer = await startGoogleCalendarConsumer({
    pool: container.get<pg.Pool>(SERVICES.ReadPool),
    source: bus,
    publisher: bus,
    onError: (error) => log.warn('Google Calendar consumer failed; retrying', { error: String(error) }),
  });
  runtime.onShutdown(() => consumer.stop());
  if (container.isBound(SERVICES.GoogleSyncWorker)) {
    const worker = container.get<GoogleSyncWorker>(SERVICES.GoogleSyncWorker);
    worker.start();
    runtime.onShutdown(() => worker.stop());
  }
  return { name: GOOGLE_CALENDAR_CONSUMER, consumer };
}

/**
 * Deletes what schema `messaging` no longer needs (config.messagingRetention), now and every
 * hour, until shutdown. Every process that runs consumers runs it; the deletes do not conflict.
 */
export function startMessagingHousekeeping(runtime: Runtime): void {
  const { processedEventsDays, busMessagesHours } = runtime.config.messagingRetention;
  const task = startMessagingRetention(
    runtime.container.get<pg.Pool>(SERVICES.ReadPool),
    { processedEventsMs: processedEventsDays * 24 * HOUR, busMessagesMs: busMessagesHours * HOUR },
    {
      intervalMs: HOUR,
      clock: () => new Date(),
      onRun: (run) => {
        if (run.busMessages + run.processedEvents > 0) runtime.log.info('messaging retention deleted old rows', { ...run });
      },
      onError: (error) => runtime.log.warn('messaging retention failed; trying again in an hour', { error: String(error) }),
    },
  );
  runtime.onShutdown(() => task.stop());
}

/** consumerMetrics for this process's consumers, their lag refresh stopped on shutdown. */
export function consumerMetricsUntilShutdown(runtime: Runtime, consumers: readonly NamedConsumer[]): Metric[] {
  const { metrics, stop } = consumerMetrics(consumers);
  runtime.onShutdown(async () => stop());
  return metrics;
}
