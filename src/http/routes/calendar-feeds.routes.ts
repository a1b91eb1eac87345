import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import type { CalendarFeeds } from '../../calendar/application/calendar-feeds.js';
import type { FeedScope } from '../../calendar/application/calendar-feed-ports.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import type { Logger } from '../../platform/tokens.js';
import { NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import { CalendarFeedSpaceParams, CalendarFeedStatus, CalendarFeedUrl } from '../contracts/calendar.contracts.js';
import { Done } from '../contracts/identity.contracts.js';
import { sendResponse } from '../http-response.js';
import { problemResponse } from '../problem/problem-response.js';
import { API_PREFIX } from './route-deps.js';

const tags = ['calendar'];
const FEEDS = `${API_PREFIX}/calendar/feeds`;
/** How the feed path shows up in problem `instance`s: the secret is never echoed or logged. */
const REDACTED_FEED_PATH = `${FEEDS}/{token}.ics`;
/** Calendar apps poll; five minutes of private caching spares us most of it. */
const FEED_CACHE_CONTROL = 'private, max-age=300';

const FEED_FORMAT =
  'The URL serves `text/calendar` (RFC 5545) without any other credential, with a strong ETag (answers 304 to If-None-Match) and `Cache-Control: private, max-age=300`; ' +
  'times are UTC, UIDs are stable per booking, SEQUENCE rises on every change, cancelled bookings stay as STATUS:CANCELLED. ' +
  'Issuing a feed again replaces its secret, so the previous URL answers 404; so does a URL whose owner no longer holds the permission or was erased. ' +
  'Covers 90 days back and everything ahead.';

const status = (subscription: { createdAt: string } | null) => ({ exists: subscription !== null, createdAt: subscription?.createdAt ?? null });

/** Issue, inspect and revoke secret ICS feed URLs. The feed itself is served by calendarFeedDownloads. */
export function calendarFeedRoutes(feeds: CalendarFeeds): AnyApiRoute[] {
  const me: FeedScope = { kind: 'person' };
  const space = (spaceId: string): FeedScope => ({ kind: 'space', spaceId });
  return [
    defineRoute({
      method: 'post',
      path: `${FEEDS}/me`,
      operationId: 'issueMyCalendarFeed',
      summary: 'Get a secret calendar feed URL of your own bookings (replaces any previous one)',
      description: `Every booking you made, whatever its status, with its purpose and the space's site name and address as location. ${FEED_FORMAT}`,
      tags,
      access: [P.bookingReadOwn],
      scope: 'site',
      idempotent: false,
      success: { status: 201, description: 'The new feed URL.', schema: CalendarFeedUrl },
      errors: [],
      handle: async ({ ctx }) => ({ body: feedUrl(await feeds.issue(ctx, me)) }),
    }),
    defineRoute({
      method: 'get',
      path: `${FEEDS}/me`,
      operationId: 'getMyCalendarFeed',
      summary: 'Whether you have a calendar feed of your bookings (never its secret)',
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'Whether a feed URL is live.', schema: CalendarFeedStatus },
      errors: [],
      handle: async ({ ctx }) => ({ body: status(await feeds.find(ctx, me)) }),
    }),
    defineRoute({
      method: 'delete',
      path: `${FEEDS}/me`,
      operationId: 'revokeMyCalendarFeed',
      summary: 'Revoke your calendar feed URL',
      tags,
      access: 'authenticated',
      success: { status: 200, description: 'Revoked: the URL answers 404 from now on.', schema: Done },
      errors: [404],
      handle: async ({ ctx }) => {
        await feeds.revoke(ctx, me);
        return { body: { done: true as const } };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${FEEDS}/spaces/{spaceId}`,
      operationId: 'issueSpaceCalendarFeed',
      summary: "Get a secret calendar feed URL of a space's bookings (one per person and space; replaces any previous one)",
      description:
        'What the room is taken by, for planning around it: every booking of the space with its purpose and status (TENTATIVE while awaiting approval, CANCELLED once cancelled), ' +
        'a private booking only as "Busy" (no purpose, CLASS:PRIVATE), and declared blackouts as "Unavailable" with their reason. Never who booked. ' +
        `Needs catalog.read everywhere or on the space's site. ${FEED_FORMAT}`,
      tags,
      access: [P.catalogRead],
      scope: 'site',
      idempotent: false,
      params: CalendarFeedSpaceParams,
      success: { status: 201, description: 'The new feed URL.', schema: CalendarFeedUrl },
      errors: [404],
      handle: async ({ params, ctx }) => ({ body: feedUrl(await feeds.issue(ctx, space(params.spaceId))) }),
    }),
    defineRoute({
      method: 'get',
      path: `${FEEDS}/spaces/{spaceId}`,
      operationId: 'getSpaceCalendarFeed',
      summary: 'Whether you have a calendar feed of this space (never its secret)',
      tags,
      access: 'authenticated',
      params: CalendarFeedSpaceParams,
      success: { status: 200, description: 'Whether a feed URL is live.', schema: CalendarFeedStatus },
      errors: [],
      handle: async ({ params, ctx }) => ({ body: status(await feeds.find(ctx, space(params.spaceId))) }),
    }),
    defineRoute({
      method: 'delete',
      path: `${FEEDS}/spaces/{spaceId}`,
      operationId: 'revokeSpaceCalendarFeed',
      summary: 'Revoke your calendar feed URL of this space',
      tags,
      access: 'authenticated',
      params: CalendarFeedSpaceParams,
      success: { status: 200, description: 'Revoked: the URL answers 404 from now on.', schema: Done },
      errors: [404],
      handle: async ({ params, ctx }) => {
        await feeds.revoke(ctx, space(params.spaceId));
        return { body: { done: true as const } };
      },
    }),
  ];
}

const feedUrl = (issued: { url: string; subscription: { createdAt: string } }) => ({ url: issued.url, createdAt: issued.subscription.createdAt });

/**
 * `GET /api/v1/calendar/feeds/{token}.ics`: the route table answers JSON only, so the feed is a
 * plain handler. Public (the token is the credential; Authorization is ignored). The token never
 * reaches a log or a problem's `instance`: failures are logged and answered here, without the path.
 */
export function calendarFeedDownloads(feeds: CalendarFeeds, deps: { clock: () => Date; log: Logger }): Router {
  const router = express.Router();
  router.get(`${FEEDS}/:file`, async (req, res, next) => {
    const file = req.params.file;
    if (!file.endsWith('.ics')) return next();
    const options = { instance: REDACTED_FEED_PATH, revealBookingHolders: false };
    try {
      const feed = await feeds.render(file.slice(0, -'.ics'.length), deps.clock());
      if (feed === null) return sendResponse(res, problemResponse(new NotFoundError('calendar feed', 'at this address'), options));
      const etag = `"${createHash('sha256').update(feed.ics, 'utf8').digest('base64url')}"`;
      res.set({ ETag: etag, 'Cache-Control': FEED_CACHE_CONTROL });
      if (matchesAny(req.get('If-None-Match'), etag)) return res.status(304).end();
      res.status(200).type('text/calendar; charset=utf-8').send(feed.ics);
    } catch (error) {
      deps.log.error('calendar feed failed', { method: req.method, path: REDACTED_FEED_PATH, error });
      sendResponse(res, problemResponse(error, options));
    }
  });
  return router;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag with or without `W/`. */
function matchesAny(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
