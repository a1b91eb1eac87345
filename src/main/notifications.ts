/**
 * Entry point: notifications — the consumer that decides who is told what and the reminder
 * ticker (schema `notifications`), and the delivery worker that sends email and Web Push.
 */
import { bootstrap } from '../platform/bootstrap.js';
import { startHealthServer } from '../platform/health-server.js';
import { processMetrics } from '../platform/metrics.js';
import { consumerMetricsUntilShutdown, openMessageBus, startDeliveryWorker, startMessagingHousekeeping, startNotifications } from '../platform/start-messaging.js';

const runtime = await bootstrap('notifications', process.env, { sendsMail: true });
const bus = await openMessageBus(runtime);
const notifications = await startNotifications(runtime, bus);
await startDeliveryWorker(runtime);
startMessagingHousekeeping(runtime);
const metrics = consumerMetricsUntilShutdown(runtime, [notifications]);
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...metrics] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('notifications running');
