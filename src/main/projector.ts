/** Entry point: keeps the PostgreSQL read models in step with the event store. */
import type { Projector } from '../../projections/projector.js';
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';
import { startHealthServer } from '../platform/health-server.js';
import { processMetrics, projectorMetrics } from '../platform/metrics.js';

const runtime = await bootstrap('projector');
const projector = runtime.container.get<Projector>(SERVICES.Projector);
await projector.start();
runtime.onShutdown(() => projector.stop());
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...projectorMetrics('read-models', () => projector.stats())] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('projector running', { schema: projector.schema });
