/** Entry point: publishes the event log to the message bus (Kafka in production), checkpointed after each acknowledgement. */
import type { Relay } from '../messaging/relay.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';
import { startHealthServer } from '../platform/health-server.js';
import { relayMetrics } from '../platform/messaging-metrics.js';
import { openMessageBus } from '../platform/start-messaging.js';
import { processMetrics } from '../platform/metrics.js';

const runtime = await bootstrap('relay');
await openMessageBus(runtime);
const relay = runtime.container.get<Relay>(SERVICES.Relay);
await relay.start();
runtime.onShutdown(() => relay.stop());
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...relayMetrics(relay)] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('relay running');
