/** Entry point: writes every event into the hash-chained audit log (schema `audit`). */
import type pg from 'pg';
import { AUDIT_LOG_CONSUMER, startAuditLogConsumer } from '../audit/infrastructure/audit-log-consumer.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';
import { startHealthServer } from '../platform/health-server.js';
import { processMetrics } from '../platform/metrics.js';
import { consumerMetricsUntilShutdown, openMessageBus, startMessagingHousekeeping } from '../platform/start-messaging.js';

const runtime = await bootstrap('audit-consumer');
const bus = await openMessageBus(runtime);
const consumer = await startAuditLogConsumer({
  pool: runtime.container.get<pg.Pool>(SERVICES.ReadPool),
  source: bus,
  publisher: bus,
  onError: (error) => runtime.log.warn('audit log consumer failed; retrying', { error: String(error) }),
});
runtime.onShutdown(() => consumer.stop());
startMessagingHousekeeping(runtime);
const metrics = consumerMetricsUntilShutdown(runtime, [{ name: AUDIT_LOG_CONSUMER, consumer }]);
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...metrics] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('audit log consumer running');
