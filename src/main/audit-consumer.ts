/** Entry point: writes every event into the hash-chained audit log (schema `audit`). */
import { bootstrap } from '../platform/bootstrap.js';
import { startHealthServer } from '../platform/health-server.js';
import { processMetrics } from '../platform/metrics.js';
import { consumerMetricsUntilShutdown, openMessageBus, startAuditLog, startMessagingHousekeeping } from '../platform/start-messaging.js';

const runtime = await bootstrap('audit-consumer');
const bus = await openMessageBus(runtime);
const audit = await startAuditLog(runtime, bus);
startMessagingHousekeeping(runtime);
const metrics = consumerMetricsUntilShutdown(runtime, [audit]);
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...metrics] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('audit log consumer running');
