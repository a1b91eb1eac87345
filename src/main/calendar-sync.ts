/** Entry point: calendar sync — the ICS feed consumer (schema `calendar`) and Google Calendar sync (schema `google_sync`: consumer and worker). */
import { bootstrap } from '../platform/bootstrap.js';
import { startHealthServer } from '../platform/health-server.js';
import { processMetrics } from '../platform/metrics.js';
import { consumerMetricsUntilShutdown, openMessageBus, startCalendarFeeds, startGoogleCalendarSync, startMessagingHousekeeping } from '../platform/start-messaging.js';

const runtime = await bootstrap('calendar-sync');
const bus = await openMessageBus(runtime);
const feeds = await startCalendarFeeds(runtime, bus);
const googleCalendar = await startGoogleCalendarSync(runtime, bus);
startMessagingHousekeeping(runtime);
const metrics = consumerMetricsUntilShutdown(runtime, [feeds, googleCalendar]);
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...metrics] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('calendar sync running');
