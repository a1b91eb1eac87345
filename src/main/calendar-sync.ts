/** Entry point: calendar sync — the ICS feed consumer (schema `calendar`) and Google Calendar sync (schema `google_sync`: consumer and worker). */
import type pg from 'pg';
import { CALENDAR_FEED_CONSUMER, startCalendarFeedConsumer } from '../calendar/infrastructure/calendar-feed-consumer.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';
import { startHealthServer } from '../platform/health-server.js';
import { processMetrics } from '../platform/metrics.js';
import { consumerMetricsUntilShutdown, openMessageBus, startGoogleCalendarSync, startMessagingHousekeeping } from '../platform/start-messaging.js';

const runtime = await bootstrap('calendar-sync');
const bus = await openMessageBus(runtime);
const feeds = await startCalendarFeedConsumer({
  pool: runtime.container.get<pg.Pool>(SERVICES.ReadPool),
  source: bus,
  publisher: bus,
  onError: (error) => runtime.log.warn('calendar feed consumer failed; retrying', { error: String(error) }),
});
runtime.onShutdown(() => feeds.stop());
const googleCalendar = await startGoogleCalendarSync(runtime, bus);
startMessagingHousekeeping(runtime);
const metrics = consumerMetricsUntilShutdown(runtime, [{ name: CALENDAR_FEED_CONSUMER, consumer: feeds }, googleCalendar]);
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...metrics] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('calendar sync running');
