import type { BookingCommands } from '../booking/application/booking-commands.js';
import type { CatalogCommands } from '../catalog/application/catalog-commands.js';
import { seedDemoData } from '../demo/seed-demo-data.js';
import type { IdentityServices } from '../identity/application/identity-services.js';
import { DEMO_PASSWORD } from '../demo/seed-demo-accounts.js';
import type { EventStore } from '../shared/event-store/event-store.js';
import type { Runtime } from './bootstrap.js';
import { SERVICES } from './container.js';
import type { IdGenerator } from './tokens.js';

/** Demo data goes into an empty store only, so a restart keeps what people did meanwhile. */
export async function seedDemoDataOnFirstStart(runtime: Runtime): Promise<void> {
  const { container, config, log } = runtime;
  if (!config.seedDemoData) return;
  const store = container.get<EventStore>(SERVICES.EventStore);
  if ((await store.readAll({ maxCount: 1 })).length > 0) return;
  log.info('empty event store: seeding demo data (first start only)');
  const started = Date.now();
  const summary = await seedDemoData({
    catalog: container.get<CatalogCommands>(SERVICES.CatalogCommands),
    bookings: container.get<BookingCommands>(SERVICES.BookingCommands),
    identity: container.get<IdentityServices>(SERVICES.Identity),
    newId: container.get<IdGenerator>(SERVICES.IdGenerator),
    now: new Date(),
    log,
  });
  log.info('demo data seeded', { seconds: (Date.now() - started) / 1000, ...summary });
  // The demo password is public (README); it is the one secret that may be printed.
  log.info(`demo accounts ready: sign in as ana.ribeiro (admin), sofia.martins (booker) or any demo person with "${DEMO_PASSWORD}"`);
}
