import type { BitemporalHistory } from '../../audit/application/bitemporal-history.js';
import { PERMISSIONS as P } from '../../identity/domain/permissions.js';
import { hasPermission, sitesWith } from '../../shared/application/authorize.js';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute } from '../api-route.js';
import type { Principal } from '../auth/authenticator.js';
import {
  BookingChangePage,
  BookingChangesQuery,
  SpaceHolders,
  SpaceHoldersParams,
  SpaceHoldersQuery,
  type BookingChange,
} from '../contracts/booking-history.contracts.js';
import type { BookingVisibility, Page } from '../queries/read-model-queries.js';
import { API_PREFIX, pageBody } from './route-deps.js';

/** The change feed's read port; `withActorNames` joins display names (personal data). */
export interface BookingChangeFeed {
  listBookingChanges(filter: BookingChangesQuery & { visibleTo?: BookingVisibility; withActorNames?: boolean }): Promise<Page<BookingChange>>;
}

/**
 * Whose changes the caller may read: null for every booking, else their own bookings' (where
 * they hold booking.read.own) and anyone's on the sites where they hold booking.read.any or
 * history.read.
 */
function changesVisibleTo(principal: Principal): BookingVisibility | null {
  const any = [sitesWith(principal, P.bookingReadAny), sitesWith(principal, P.historyRead)];
  if (any.some((sites) => sites === null)) return null;
  return { userId: principal.userId, ownSiteIds: sitesWith(principal, P.bookingReadOwn), anySiteIds: [...new Set(any.flat() as string[])] };
}

/** `GET /bookings/changes`: mount before `/bookings/{bookingId}`, which would take `changes` for an id. */
export function bookingChangeRoutes(feed: BookingChangeFeed): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/bookings/changes`,
      operationId: 'listBookingChanges',
      summary: 'Who changed what and when: the events of every booking you may see, newest first',
      description:
        'Your own bookings’ changes (whoever made them), and anyone’s on the sites where you hold booking.read.any or history.read; every filter narrows that. Actors are ids; `actor.displayName` is joined for callers holding users.read everywhere.',
      tags: ['bookings'],
      access: [P.bookingReadOwn, P.bookingReadAny, P.historyRead],
      scope: 'site',
      query: BookingChangesQuery,
      success: { status: 200, description: 'A page of booking events, newest first.', schema: BookingChangePage },
      errors: [],
      handle: async ({ query, principal }) => {
        const withActorNames = hasPermission(principal, P.usersRead);
        const visible = changesVisibleTo(principal);
        if (visible === null) return { body: pageBody(await feed.listBookingChanges({ ...query, withActorNames }), query) };
        if (visible.anySiteIds.length === 0 && query.bookerId !== undefined && query.bookerId !== principal.userId) {
          throw new ForbiddenError(P.bookingReadAny, `the changes of another person's bookings need ${P.bookingReadAny} or ${P.historyRead}`);
        }
        return { body: pageBody(await feed.listBookingChanges({ ...query, visibleTo: visible, withActorNames }), query) };
      },
    }),
  ];
}

/** Auditors' bitemporal question about a space (permission audit.read, held everywhere). */
export function spaceHolderRoutes(history: BitemporalHistory): AnyApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/audit/spaces/{spaceId}/holders`,
      operationId: 'getSpaceHolders',
      summary: 'Who held a space at an instant (valid time), as the system knew it at another (system time)',
      description:
        '`at` is valid time: the instant in the world asked about; a booking holds its space during [start, end) of its placement in force, a blackout during its [start, end). ' +
        '`asOf` is system time: only events whose `recordedAt` (the store’s clock when it appended them) is at or before it count, so the answer is what the system showed then; ' +
        'without it, everything the audit log holds now. Each booking and blackout is folded from those events with its own aggregate, so a booking moved or cancelled after `asOf` ' +
        'still shows where it was then. 404 when the space was not yet known at `asOf`. The audit log is filled by its consumer and may trail the event store by moments.',
      tags: ['audit'],
      access: [P.auditRead],
      params: SpaceHoldersParams,
      query: SpaceHoldersQuery,
      success: { status: 200, description: 'The holders at `at`, as of `asOf`.', schema: SpaceHolders },
      errors: [404],
      handle: async ({ params, query }) => {
        const answer = await history.spaceHolders(params.spaceId, new Date(query.at), query.asOf === undefined ? null : new Date(query.asOf));
        if (!answer) throw new NotFoundError('space', params.spaceId);
        return { body: answer };
      },
    }),
  ];
}
