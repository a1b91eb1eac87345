import express from 'express';
import type { BookingCommands } from '../booking/application/booking-commands.js';
import type { CatalogCommands } from '../catalog/application/catalog-commands.js';
import { createJsonLogger } from '../platform/logger.js';
import type { Logger } from '../platform/tokens.js';
import type { AnyApiRoute } from './api-route.js';
import type { Authenticator } from './auth/authenticator.js';
import type { IdempotencyStore } from './idempotency/idempotency-store.js';
import { mountRoute } from './mount-route.js';
import { apiDocs } from './openapi/api-docs.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi/openapi-document.js';
import { JSON_BODY_TYPES } from './parse-input.js';
import { errorHandler } from './problem/error-handler.js';
import { routeNotFound } from './problem/route-not-found.js';
import type { IdentityServices } from '../identity/application/identity-services.js';
import type { IdentityQueries } from './queries/identity-queries.js';
import type { ReadModelQueries } from './queries/read-model-queries.js';
import { assignRequestIds } from './request-context.js';
import type { AuditTrail } from '../audit/application/audit-trail.js';
import { auditExports, auditRoutes } from './routes/audit.routes.js';
import { authRoutes } from './routes/auth.routes.js';
import { blackoutRoutes } from './routes/blackouts.routes.js';
import { bookingRoutes } from './routes/bookings.routes.js';
import { bookingChangeRoutes, spaceHolderRoutes, type BookingChangeFeed } from './routes/booking-history.routes.js';
import type { BitemporalHistory } from '../audit/application/bitemporal-history.js';
import type { Reports } from '../analytics/application/reports.js';
import { analyticsDownloads, analyticsReportRoutes } from './routes/analytics-reports.routes.js';
import { analyticsInsightRoutes, type AnalyticsInsights } from './routes/analytics-insights.routes.js';
import { healthRoutes } from './routes/health.routes.js';
import { resourceRoutes } from './routes/resources.routes.js';
import { roleRoutes } from './routes/roles.routes.js';
import { siteRoutes } from './routes/sites.routes.js';
import { spaceRoutes } from './routes/spaces.routes.js';
import { userRoutes } from './routes/users.routes.js';
import { notificationRoutes } from './routes/notifications.routes.js';
import { notificationDeliveryRoutes, type NotificationDeliveryHttp } from './routes/notification-delivery.routes.js';
import type { Inbox } from '../notifications/application/inbox.js';
import { calendarFeedDownloads, calendarFeedRoutes } from './routes/calendar-feeds.routes.js';
import type { CalendarFeeds } from '../calendar/application/calendar-feeds.js';
import { googleCalendarCallback, googleCalendarRoutes, type GoogleCalendarAccess } from './routes/google-calendar.routes.js';
import { securityHeaders } from './security-headers.js';
import { staticSite } from './static-site.js';

export interface HttpDeps {
  bookings: BookingCommands;
  catalog: CatalogCommands;
  queries: ReadModelQueries;
  identity: IdentityServices;
  identityQueries: IdentityQueries;
  /** The auditor endpoints (/api/v1/audit/…); left out, they are not served. */
  audit?: AuditTrail;
  /** Who changed which booking when (/api/v1/bookings/changes); left out, it is not served. */
  bookingChanges?: BookingChangeFeed;
  /** Auditors' bitemporal questions (/api/v1/audit/spaces/{spaceId}/holders); left out, they are not served. */
  bitemporal?: BitemporalHistory;
  /** Analysts' reports and heatmaps (/api/v1/analytics/reports…, …/heatmaps…; JSON, CSV, PDF, SVG, PNG); left out, they are not served. */
  analyticsReports?: Reports;
  /** Slot recommendations (POST /api/v1/recommendations) and forecasts (/api/v1/analytics/forecasts…); left out, they are not served. */
  analyticsInsights?: AnalyticsInsights;
  /** The signed-in person's notifications (/api/v1/notifications…); left out, they are not served. */
  inbox?: Inbox;
  /** Web Push subscriptions, the VAPID key and failed deliveries (/api/v1/notifications/push…, …/deliveries/failed); left out, they are not served. */
  notificationDelivery?: NotificationDeliveryHttp;
  /** Secret ICS feed URLs (/api/v1/calendar/feeds…) and the feeds; left out, they are not served. */
  calendarFeeds?: CalendarFeeds;
  /** Google Calendar sync (/api/v1/calendar/google/…; 503 when `not-configured`); left out, it is not served. */
  googleCalendar?: GoogleCalendarAccess;
  idempotency: IdempotencyStore;
  /** Who is calling; the container picks the implementation (dev headers only in development). */
  authenticate: Authenticator;
  /** Backs GET /readyz. */
  readiness: () => Promise<boolean>;
  newId: () => string;
  clock: () => Date;
  /** Express `trust proxy` (hops or addresses): whose X-Forwarded-For names the client; false trusts none. */
  trustProxy?: number | string | false;
  /** Built web client to serve at `/`. */
  staticDir?: string;
  log?: Logger;
  /** Enables `Reserva-Consistency: strong` on GETs: resolves once the read models include every earlier write. */
  waitForProjection?: () => Promise<void>;
}

/** Largest JSON body accepted; bigger ones answer 413. */
export const JSON_BODY_LIMIT = '100kb';

/** Every endpoint of the API, in the order they are matched. */
export function apiRoutes(deps: Pick<HttpDeps, 'bookings' | 'catalog' | 'queries' | 'identity' | 'identityQueries' | 'readiness' | 'audit' | 'bookingChanges' | 'bitemporal' | 'analyticsReports' | 'analyticsInsights' | 'inbox' | 'calendarFeeds' | 'googleCalendar' | 'notificationDelivery'>): AnyApiRoute[] {
  return [
    ...healthRoutes(deps.readiness),
    ...authRoutes(deps.identity),
    ...userRoutes(deps.identity, deps.identityQueries),
    ...roleRoutes(deps.identity, deps.identityQueries),
    ...siteRoutes(deps),
    ...spaceRoutes(deps),
    ...resourceRoutes(deps),
    ...blackoutRoutes(deps),
    // Before bookingRoutes: /bookings/changes would otherwise reach /bookings/{bookingId}.
    ...(deps.bookingChanges ? bookingChangeRoutes(deps.bookingChanges) : []),
    ...bookingRoutes(deps),
    ...(deps.audit ? auditRoutes(deps.audit) : []),
    ...(deps.bitemporal ? spaceHolderRoutes(deps.bitemporal) : []),
    ...(deps.analyticsReports ? analyticsReportRoutes(deps.analyticsReports) : []),
    ...(deps.analyticsInsights ? analyticsInsightRoutes(deps.analyticsInsights) : []),
    ...(deps.inbox ? notificationRoutes(deps.inbox, deps.identity) : []),
    ...(deps.notificationDelivery ? notificationDeliveryRoutes(deps.notificationDelivery) : []),
    ...(deps.calendarFeeds ? calendarFeedRoutes(deps.calendarFeeds) : []),
    ...(deps.googleCalendar ? googleCalendarRoutes(deps.googleCalendar) : []),
  ];
}

export function openApiDocumentOf(routes: readonly AnyApiRoute[], deps: Pick<HttpDeps, 'authenticate' | 'waitForProjection'>): OpenApiDocument {
  return buildOpenApiDocument(routes, {
    info: {
      title: 'Reserva API',
      version: '1.0.0',
      description:
        'Book spaces and pooled resources. Errors are RFC 9457 problem+json. Aggregates carry an ETag (their revision) and honour If-Match; POSTs accept Idempotency-Key. Send X-Correlation-Id to trace a request through events.',
    },
    securitySchemes: deps.authenticate.securitySchemes ?? {},
    readYourWrites: deps.waitForProjection !== undefined,
  });
}

export function createApp(deps: HttpDeps): express.Application {
  const log = deps.log ?? createJsonLogger({ base: { component: 'http' } });
  const routes = apiRoutes(deps);
  const app = express();
  app.disable('x-powered-by');
  // Rate limits and the request metadata of events use the client's address.
  app.set('trust proxy', deps.trustProxy ?? false);
  // Our ETags are aggregate revisions; express's body-hash ETags would muddle If-Match.
  app.set('etag', false);
  app.use(securityHeaders(), assignRequestIds(deps.newId));
  app.use('/api', (_req, res, next) => {
    // Bookings are personal: no shared caches.
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(express.json({ limit: JSON_BODY_LIMIT, type: JSON_BODY_TYPES }));

  const router = express.Router();
  if (deps.audit) router.use(auditExports(deps.audit, deps.authenticate));
  if (deps.analyticsReports) router.use(analyticsDownloads(deps.analyticsReports, deps));
  if (deps.calendarFeeds) router.use(calendarFeedDownloads(deps.calendarFeeds, { clock: deps.clock, log }));
  if (deps.googleCalendar) router.use(googleCalendarCallback(deps.googleCalendar, deps.clock));
  const routeDeps = { ...deps, log };
  for (const route of routes) mountRoute(router, route, routeDeps);
  app.use(router);
  app.use(apiDocs(openApiDocumentOf(routes, deps)));
  if (deps.staticDir) app.use(staticSite(deps.staticDir));
  app.use(routeNotFound(routes));
  app.use(errorHandler(log));
  return app;
}
