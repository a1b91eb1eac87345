import { existsSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import type pg from 'pg';
import type { Projector } from '../../projections/projector.js';
import type { BookingCommands } from '../booking/application/booking-commands.js';
import type { CatalogCommands } from '../catalog/application/catalog-commands.js';
import { renderInteriorSvg } from '../demo/interior-images.js';
import type { Authenticator } from '../http/auth/authenticator.js';
import { createApp } from '../http/create-app.js';
import type { IdempotencyStore } from '../http/idempotency/idempotency-store.js';
import type { AuditTrail } from '../audit/application/audit-trail.js';
import type { BitemporalHistory } from '../audit/application/bitemporal-history.js';
import type { BookingChangeFeed } from '../http/routes/booking-history.routes.js';
import type { Reports } from '../analytics/application/reports.js';
import type { AnalyticsInsights } from '../http/routes/analytics-insights.routes.js';
import type { IdentityQueries } from '../http/queries/identity-queries.js';
import type { ReadModelQueries } from '../http/queries/read-model-queries.js';
import type { IdentityServices } from '../identity/application/identity-services.js';
import type { Inbox } from '../notifications/application/inbox.js';
import type { FailedDeliveries, PushService, PushSubscriptions } from '../notifications/application/delivery-ports.js';
import type { InboxSignals } from '../notifications/infrastructure/inbox-signals.js';
import { NotificationStreamServer } from '../notifications/infrastructure/notification-stream-server.js';
import { BusySignals } from '../scheduling/infrastructure/busy-signals.js';
import { BusyStreamServer } from '../scheduling/infrastructure/busy-stream-server.js';
import { ensureNotificationsSchema } from '../notifications/infrastructure/notifications-schema.js';
import { ensureGoogleSyncSchema } from '../calendar/infrastructure/google-sync-schema.js';
import type { GoogleCalendarAccess } from '../http/routes/google-calendar.routes.js';
import type { CalendarFeeds } from '../calendar/application/calendar-feeds.js';
import { ensureCalendarSchema } from '../calendar/infrastructure/calendar-schema.js';
import { START, type EventStore, type FromPosition, type Position } from '../shared/event-store/event-store.js';
import type { Runtime } from './bootstrap.js';
import { SERVICES } from './container.js';
import { processMetrics, projectorMetrics, renderMetrics, type Metric } from './metrics.js';
import type { IdGenerator } from './tokens.js';

/** The built web client (npm run build:web; npm start and npm test build it when stale). */
const WEB_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A WebSocket upgrade's client address, read as the app reads `req.ip` (its `trust proxy` setting). */
function clientAddress(app: express.Express): (req: http.IncomingMessage) => string {
  return (req) => {
    const view = Object.create(app.request, { headers: { value: req.headers }, socket: { value: req.socket } }) as express.Request;
    return view.ip ?? req.socket.remoteAddress ?? 'unknown';
  };
}

/** Everything visible in the log now is in the read models (for `Reserva-Consistency: strong`). */
async function waitForCatchUp(store: EventStore, projector: Projector, timeoutMs: number): Promise<void> {
  let from: FromPosition = projector.stats().position ?? START;
  let newest: Position | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: 1000 });
    if (page.length === 0) break;
    newest = page[page.length - 1]!.position;
    from = newest;
  }
  if (newest) await projector.waitForPosition(newest, timeoutMs);
}

/**
 * The API process's HTTP server: the REST API and its docs, the web client, generated space
 * images and metrics. `projector` is given when it runs in this process (npm start), and
 * `metrics` of other components that do (startMessaging's relay and consumers).
 */
export async function startApiServer(runtime: Runtime, inProcess: { projector?: Projector; metrics?: readonly Metric[] } = {}): Promise<http.Server> {
  const { container, config, log } = runtime;
  const pool = container.get<pg.Pool>(SERVICES.ReadPool);
  const store = container.get<EventStore>(SERVICES.EventStore);
  const queries = container.get<ReadModelQueries>(SERVICES.ReadModelQueries);
  // The inbox, and its live WebSocket feed fed by this process's LISTEN on inbox changes.
  await ensureNotificationsSchema(pool);
  await ensureGoogleSyncSchema(pool);
  // Feed tokens are issued and checked here; the calendar-sync process fills the feeds.
  await ensureCalendarSchema(pool);
  const inbox = container.get<Inbox>(SERVICES.Inbox);
  const signals = container.get<InboxSignals>(SERVICES.InboxSignals);
  await signals.start();
  runtime.onShutdown(() => signals.stop());
  const stream = new NotificationStreamServer({ inbox, signals, authenticate: container.get<Authenticator>(SERVICES.Authenticator), log, clock: () => new Date() });
  // Live busy intervals, fed by this process's LISTEN on the occupancy read model.
  const busySignals = new BusySignals(pool, { log });
  await busySignals.start();
  runtime.onShutdown(() => busySignals.stop());
  const outer = express();
  const busyStream = new BusyStreamServer({
    signals: busySignals,
    spacesOfSite: async (siteId, limit) => (await queries.listSpaces({ siteId, limit, offset: 0 })).items.map((space) => space.id),
    addressOf: clientAddress(outer),
    log,
  });
  const counts = new Map<string, number>();
  const metrics: Metric[] = [
    ...processMetrics(),
    {
      name: 'reserva_http_responses_total',
      help: 'HTTP responses by method and status.',
      type: 'counter',
      samples: () => [...counts].map(([key, value]) => {
        const [method, status] = key.split(' ') as [string, string];
        return { labels: { method, status }, value };
      }),
    },
    ...(inProcess.projector ? projectorMetrics('read-models', () => inProcess.projector!.stats()) : []),
    { name: 'reserva_notification_stream_connections', help: 'Open WebSocket connections of the live inbox.', type: 'gauge', samples: () => [{ value: stream.connectionCount }] },
    { name: 'reserva_busy_stream_connections', help: 'Open WebSocket connections of live busy intervals.', type: 'gauge', samples: () => [{ value: busyStream.connectionCount }] },
    ...(inProcess.metrics ?? []),
  ];

  outer.disable('x-powered-by');
  outer.set('trust proxy', config.trustProxy);
  outer.use((req, res, next) => {
    res.on('finish', () => {
      const key = `${req.method} ${res.statusCode}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    });
    next();
  });
  outer.get('/metrics', (_req, res) => {
    res.type('text/plain; version=0.0.4').send(renderMetrics(metrics));
  });
  outer.get('/media/spaces/:file', async (req, res, next) => {
    const spaceId = req.params.file.replace(/\.svg$/, '');
    if (!UUID.test(spaceId)) return next();
    const space = await queries.getSpace(spaceId);
    if (!space) return next();
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(renderInteriorSvg({ spaceId, name: space.name, kind: space.kind, capacity: space.capacity }));
  });
  outer.use(
    createApp({
      bookings: container.get<BookingCommands>(SERVICES.BookingCommands),
      catalog: container.get<CatalogCommands>(SERVICES.CatalogCommands),
      queries,
      identity: container.get<IdentityServices>(SERVICES.Identity),
      identityQueries: container.get<IdentityQueries>(SERVICES.IdentityQueries),
      audit: container.get<AuditTrail>(SERVICES.AuditTrail),
      bookingChanges: container.get<BookingChangeFeed>(SERVICES.BookingChangeFeed),
      bitemporal: container.get<BitemporalHistory>(SERVICES.BitemporalHistory),
      analyticsReports: container.get<Reports>(SERVICES.Reports),
      analyticsInsights: container.get<AnalyticsInsights>(SERVICES.AnalyticsInsights),
      inbox,
      notificationDelivery: {
        subscriptions: container.get<PushSubscriptions>(SERVICES.PushSubscriptions),
        push: container.get<PushService>(SERVICES.PushService),
        failures: container.get<FailedDeliveries>(SERVICES.FailedDeliveries),
        production: config.nodeEnv === 'production',
      },
      calendarFeeds: container.get<CalendarFeeds>(SERVICES.CalendarFeeds),
      googleCalendar: container.get<GoogleCalendarAccess>(SERVICES.GoogleCalendar),
      idempotency: container.get<IdempotencyStore>(SERVICES.IdempotencyStore),
      authenticate: container.get<Authenticator>(SERVICES.Authenticator),
      readiness: async () => {
        await pool.query('SELECT 1');
        return true;
      },
      newId: container.get<IdGenerator>(SERVICES.IdGenerator),
      clock: () => new Date(),
      trustProxy: config.trustProxy,
      staticDir: WEB_DIR,
      log,
      waitForProjection: inProcess.projector ? () => waitForCatchUp(store, inProcess.projector!, 5_000) : undefined,
    }),
  );
  const server = await new Promise<http.Server>((resolve, reject) => {
    const s = outer.listen(config.port, config.host, () => resolve(s)).on('error', reject);
  });
  runtime.onShutdown(() => new Promise((resolve) => server.close(resolve)));
  // Registered after server.close so it runs first: open WebSockets would keep the server from closing.
  stream.attach(server);
  runtime.onShutdown(() => stream.close());
  busyStream.attach(server);
  runtime.onShutdown(() => busyStream.close());
  if (!existsSync(path.join(WEB_DIR, 'index.html'))) log.warn('web client not built: only the API and its docs are served', { fix: 'npm run build:web' });
  log.info('API listening', { url: `http://${config.host}:${config.port}/`, docs: `http://${config.host}:${config.port}/api/docs` });
  return server;
}
