/**
 * `npm start`: the whole product in one process on embedded defaults — embedded PostgreSQL in
 * DATA_DIR, projector, process manager, relay and audit log on the in-process bus, demo data
 * on first start, API and web client.
 */
import type { Projector } from '../../projections/projector.js';
import { bootstrap } from '../platform/bootstrap.js';
import { startApiServer } from '../platform/api-server.js';
import { SERVICES } from '../platform/container.js';
import { seedDemoDataOnFirstStart } from '../platform/seed-on-first-start.js';
import { startMessaging } from '../platform/start-messaging.js';
import type { PlacementProcessManager } from '../scheduling/infrastructure/placement-process-manager.js';

const runtime = await bootstrap('reserva', process.env, { sendsMail: true });
const projector = runtime.container.get<Projector>(SERVICES.Projector);
const manager = runtime.container.get<PlacementProcessManager>(SERVICES.PlacementProcessManager);
await projector.start();
runtime.onShutdown(() => projector.stop());
await manager.start();
runtime.onShutdown(() => manager.stop());
const messaging = await startMessaging(runtime);
await seedDemoDataOnFirstStart(runtime);
await startApiServer(runtime, { projector, metrics: messaging.metrics });
