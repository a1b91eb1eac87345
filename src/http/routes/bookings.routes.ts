import type { BookingCommandResult } from '../../booking/application/booking-commands.js';
import { PERMISSIONS as P, type Permission } from '../../identity/domain/permissions.js';
import { hasPermission, sitesWith } from '../../shared/application/authorize.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.js';
import { defineRoute, type AnyApiRoute, type RouteOutcome } from '../api-route.js';
import type { Principal } from '../auth/authenticator.js';
import {
  Booking,
  BookingDecisionRequest,
  BookingDetails,
  BookingHistory,
  BookingIdParams,
  BookingPage,
  BookingPreview,
  CancelBookingRequest,
  ChangeBookingRequest,
  ListBookingsQuery,
  RequestBookingRequest,
} from '../contracts/bookings.contracts.js';
import type { Problem } from '../contracts/problem.contracts.js';
import { problemOptionsFor } from '../problem/error-handler.js';
import { isDomainError, problemResponse } from '../problem/problem-response.js';
import type { BookingVisibility } from '../queries/read-model-queries.js';
import { API_PREFIX, pageBody, type RouteModuleDeps } from './route-deps.js';

const tags = ['bookings'];

function toBooking(result: BookingCommandResult): RouteOutcome<Booking> {
  const { bookingId, ...rest } = result;
  return { body: { id: bookingId, ...rest }, revision: result.revision };
}

/** Own bookings are visible with booking.read.own, everyone's with one of `anyOf`, each held on the booking's site. */
function canSee(principal: Principal, booking: BookingDetails, anyOf: readonly Permission[]): boolean {
  const held = (p: Permission) => hasPermission(principal, p, booking.siteId);
  return (booking.bookerId === principal.userId && held(P.bookingReadOwn)) || anyOf.some(held);
}

/** What the caller may list: null for every booking, else their own and anyone's on the sites where they hold booking.read.any. */
function visibleTo(principal: Principal): BookingVisibility | null {
  const anySiteIds = sitesWith(principal, P.bookingReadAny);
  return anySiteIds === null ? null : { userId: principal.userId, ownSiteIds: sitesWith(principal, P.bookingReadOwn), anySiteIds };
}

/**
 * A command run as a dry run: acceptable with the status it would give, or the problem+json
 * body it would answer with (told about `instance`, the real command's path).
 */
async function preview(run: () => Promise<BookingCommandResult>, instance: string, principal: Principal): Promise<RouteOutcome<BookingPreview>> {
  try {
    return { body: { acceptable: true, outcome: (await run()).status, problems: [] } };
  } catch (err) {
    if (!isDomainError(err)) throw err;
    return { body: { acceptable: false, problems: [problemResponse(err, problemOptionsFor(instance, principal)).body as Problem] } };
  }
}

type Transition = (bookingId: string, expectedRevision: number | undefined, ctx: CommandContext) => Promise<BookingCommandResult>;

export function bookingRoutes({ bookings, queries }: RouteModuleDeps): AnyApiRoute[] {
  /** Someone else's booking you may not read is reported exactly like a missing one. */
  async function visibleBooking(bookingId: string, principal: Principal, anyOf: readonly Permission[]): Promise<BookingDetails> {
    const booking = await queries.getBooking(bookingId);
    if (!booking || !canSee(principal, booking, anyOf)) throw new NotFoundError('booking', bookingId);
    return booking;
  }

  const transition = (segment: string, operationId: string, summary: string, access: readonly [Permission, ...Permission[]], run: Transition) =>
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/bookings/{bookingId}/${segment}`,
      operationId,
      summary,
      tags,
      access,
      scope: 'site',
      params: BookingIdParams,
      ifMatch: true,
      success: { status: 200, description: 'The booking after the transition.', schema: Booking, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, expectedRevision, ctx }) => toBooking(await run(params.bookingId, expectedRevision, ctx)),
    });

  return [
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/bookings`,
      operationId: 'requestBooking',
      summary: 'Book a space, with resources',
      description: 'Confirmed at once, or pending approval when the space requires it. A taken slot answers 409 naming the conflicting intervals.',
      tags,
      access: [P.bookingCreate],
      scope: 'site',
      body: RequestBookingRequest,
      success: { status: 201, description: 'The booking is placed.', schema: Booking, etag: true, location: true },
      errors: [404, 409, 422],
      handle: async ({ body, ctx }) => {
        const outcome = toBooking(await bookings.requestBooking(body, ctx));
        return { ...outcome, location: `${API_PREFIX}/bookings/${outcome.body.id}` };
      },
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/bookings/preview`,
      operationId: 'previewBooking',
      summary: 'Check a booking before making it (dry run)',
      description:
        'The body of POST /api/v1/bookings; the same checks (permissions, the space’s policy, free slot and resource stock), with nothing written. Answers 200 either way: `acceptable` with the status the booking would get, or the problem the real request would answer with in `problems`. A body that does not parse still answers 400 as it would there. The server stays the judge: the real request decides again.',
      tags,
      access: [P.bookingCreate],
      scope: 'site',
      idempotent: false,
      body: RequestBookingRequest,
      success: { status: 200, description: 'What the booking request would decide now.', schema: BookingPreview },
      errors: [],
      handle: ({ body, ctx, principal }) => preview(() => bookings.requestBooking(body, ctx, { dryRun: true }), `${API_PREFIX}/bookings`, principal),
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/bookings`,
      operationId: 'listBookings',
      summary: 'List bookings (your own, and anyone’s on the sites where you hold booking.read.any)',
      description:
        'Every filter narrows what you may see; it never widens it. A person’s history: `view=upcoming|past|cancelled` (placed against the server’s clock), `q` for text in the purpose; per space or person with `spaceId` / `bookerId`. Who changed what and when: `GET /api/v1/bookings/changes`.',
      tags,
      access: [P.bookingReadOwn, P.bookingReadAny],
      scope: 'site',
      query: ListBookingsQuery,
      success: { status: 200, description: 'A page of bookings, by start (latest first for the past and cancelled views).', schema: BookingPage },
      errors: [],
      handle: async ({ query, principal, ctx }) => {
        const filter = query.view === undefined ? query : { ...query, now: ctx.now.toISOString() };
        const visible = visibleTo(principal);
        if (visible === null) return { body: pageBody(await queries.listBookings(filter), query) };
        if (visible.anySiteIds.length === 0 && query.bookerId !== undefined && query.bookerId !== principal.userId) {
          throw new ForbiddenError(P.bookingReadAny, `listing another person's bookings needs ${P.bookingReadAny}`);
        }
        return { body: pageBody(await queries.listBookings({ ...filter, visibleTo: visible }), query) };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/bookings/{bookingId}`,
      operationId: 'getBooking',
      summary: 'Get a booking',
      tags,
      access: [P.bookingReadOwn, P.bookingReadAny],
      scope: 'site',
      params: BookingIdParams,
      success: { status: 200, description: 'The booking.', schema: BookingDetails, etag: true },
      errors: [404],
      handle: async ({ params, principal }) => {
        const booking = await visibleBooking(params.bookingId, principal, [P.bookingReadAny]);
        return { body: booking, revision: booking.revision };
      },
    }),
    defineRoute({
      method: 'get',
      path: `${API_PREFIX}/bookings/{bookingId}/history`,
      operationId: 'getBookingHistory',
      summary: 'Every change of a booking, oldest first',
      tags,
      access: [P.bookingReadOwn, P.bookingReadAny, P.historyRead],
      scope: 'site',
      params: BookingIdParams,
      success: { status: 200, description: 'The history.', schema: BookingHistory },
      errors: [404],
      handle: async ({ params, principal }) => {
        await visibleBooking(params.bookingId, principal, [P.bookingReadAny, P.historyRead]);
        return { body: { bookingId: params.bookingId, entries: await queries.getBookingHistory(params.bookingId) } };
      },
    }),
    defineRoute({
      method: 'patch',
      path: `${API_PREFIX}/bookings/{bookingId}`,
      operationId: 'changeBooking',
      summary: 'Reschedule or change participants, purpose or resources',
      description: 'Same checks as a new booking; only before the change deadline unless you hold booking.change.any.',
      tags,
      access: [P.bookingChangeOwn, P.bookingChangeAny],
      scope: 'site',
      params: BookingIdParams,
      body: ChangeBookingRequest,
      ifMatch: true,
      success: { status: 200, description: 'The booking after the change.', schema: Booking, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => toBooking(await bookings.changeBooking(params.bookingId, body, expectedRevision, ctx)),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/bookings/{bookingId}/preview-change`,
      operationId: 'previewBookingChange',
      summary: 'Check a change before making it (dry run)',
      description:
        'The body (and `If-Match`) of PATCH /api/v1/bookings/{bookingId}; the same checks, with nothing written. Answers 200 either way: `acceptable` with the status the booking would have, or the problem the real change would answer with in `problems` (a booking you may not see: not found).',
      tags,
      access: [P.bookingChangeOwn, P.bookingChangeAny],
      scope: 'site',
      idempotent: false,
      params: BookingIdParams,
      body: ChangeBookingRequest,
      ifMatch: true,
      success: { status: 200, description: 'What the change would decide now.', schema: BookingPreview },
      errors: [],
      handle: ({ params, body, expectedRevision, ctx, principal }) =>
        preview(() => bookings.changeBooking(params.bookingId, body, expectedRevision, ctx, { dryRun: true }), `${API_PREFIX}/bookings/${params.bookingId}`, principal),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/bookings/{bookingId}/cancel`,
      operationId: 'cancelBooking',
      summary: 'Cancel a booking',
      tags,
      access: [P.bookingCancelOwn, P.bookingCancelAny],
      scope: 'site',
      params: BookingIdParams,
      body: CancelBookingRequest,
      ifMatch: true,
      success: { status: 200, description: 'The booking is cancelled.', schema: Booking, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => toBooking(await bookings.cancelBooking(params.bookingId, body, expectedRevision, ctx)),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/bookings/{bookingId}/approve`,
      operationId: 'approveBooking',
      summary: 'Approve a booking pending approval',
      tags,
      access: [P.bookingApprove],
      scope: 'site',
      params: BookingIdParams,
      body: BookingDecisionRequest,
      ifMatch: true,
      success: { status: 200, description: 'The booking is confirmed.', schema: Booking, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => toBooking(await bookings.approveBooking(params.bookingId, body, expectedRevision, ctx)),
    }),
    defineRoute({
      method: 'post',
      path: `${API_PREFIX}/bookings/{bookingId}/reject`,
      operationId: 'rejectBooking',
      summary: 'Reject a booking pending approval',
      tags,
      access: [P.bookingApprove],
      scope: 'site',
      params: BookingIdParams,
      body: BookingDecisionRequest,
      ifMatch: true,
      success: { status: 200, description: 'The booking is rejected.', schema: Booking, etag: true },
      errors: [404, 409, 422],
      handle: async ({ params, body, expectedRevision, ctx }) => toBooking(await bookings.rejectBooking(params.bookingId, body, expectedRevision, ctx)),
    }),
    transition('check-in', 'checkInBooking', 'Check in to a booking', [P.bookingCheckIn, P.bookingAttendanceManage], (id, rev, ctx) => bookings.checkIn(id, rev, ctx)),
    transition('complete', 'completeBooking', 'Mark a booking completed', [P.bookingAttendanceManage], (id, rev, ctx) => bookings.completeBooking(id, rev, ctx)),
    transition('no-show', 'markBookingNoShow', 'Mark a booking as a no-show', [P.bookingAttendanceManage], (id, rev, ctx) => bookings.markNoShow(id, rev, ctx)),
  ];
}
