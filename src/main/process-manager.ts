/** Entry point: finishes or compensates placements left half-done, and releases freed slots. */
import { bootstrap } from '../platform/bootstrap.js';
import { SERVICES } from '../platform/container.js';
import { startHealthServer } from '../platform/health-server.js';
import { processMetrics, projectorMetrics } from '../platform/metrics.js';
import type { PlacementProcessManager } from '../scheduling/infrastructure/placement-process-manager.js';

const runtime = await bootstrap('process-manager');
const manager = runtime.container.get<PlacementProcessManager>(SERVICES.PlacementProcessManager);
await manager.start();
runtime.onShutdown(() => manager.stop());
const health = await startHealthServer({ port: runtime.config.port, host: runtime.config.host, metrics: [...processMetrics(), ...projectorMetrics('placement-tracking', () => manager.stats())] });
runtime.onShutdown(() => new Promise((resolve) => health.close(resolve)));
runtime.log.info('process manager running');
