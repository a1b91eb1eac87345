import { PlacementCatalog, type PlacementCatalogView } from '../../catalog/application/catalog-snapshots.js';
import { PERMISSIONS, type Permission } from '../../identity/domain/permissions.js';
import { hasPermission, requirePermission } from '../../shared/application/authorize.js';
import { executeCommand, loadAggregate, type Loaded } from '../../shared/application/execute-command.js';
import { ForbiddenError, NotFoundError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import { canAppendAtomically, type EventStore } from '../../shared/event-store/event-store.js';
import type { ScheduleReservations } from '../../scheduling/application/schedule-reservations.js';
import { requestPlacement, StaleSnapshotError, type PlacementOptions } from '../../scheduling/application/settle-placement.js';
import type { BookingCommand } from '../domain/booking.commands.js';
import { bookingDecider, reservationsToRelease, type Booking } from '../domain/booking.decider.js';
import type { BookingCommandResult, BookingCommands, ChangeBookingInput, RequestBookingInput, RunOptions } from './booking-commands.js';
import { bookingHolder, bookingStreamId } from './booking-holder.js';

const P = PERMISSIONS;

/**
 * Every booking command is handled here: permission and ownership checks, catalog snapshots
 * from the write side, then the decider; placements go through the schedule protocol.
 */
export class BookingCommandHandlers implements BookingCommands {
  private readonly catalog: PlacementCatalog;

  constructor(
    private readonly store: EventStore,
    private readonly schedule: ScheduleReservations,
  ) {
    // Cached catalog snapshots are safe only where the placement's commit re-checks them.
    this.catalog = new PlacementCatalog(store, { cache: canAppendAtomically(store) });
  }

  async requestBooking(input: RequestBookingInput, ctx: CommandContext, { dryRun = false }: RunOptions = {}): Promise<BookingCommandResult> {
    const bookerId = input.bookerId ?? ctx.actor.id;
    const bookingId = input.bookingId ?? ctx.newId();
    // A dry run never reaches the no_stream append that refuses a taken id: it reads the stream instead.
    const isNew = !dryRun || input.bookingId === undefined;
    return this.place(bookingId, input.spaceId, input.resources, ({ space, resources }) => {
      // Checked on the space's site, which only the catalog knows.
      requirePermission(ctx, P.bookingCreate, space.siteId);
      if (bookerId !== ctx.actor.id) requirePermission(ctx, P.bookingCreateForOthers, space.siteId);
      return {
        type: 'RequestBooking',
        data: { bookingId, bookerId, space, resources, lines: input.resources, start: input.start, end: input.end, purpose: input.purpose, participants: input.participants, private: input.private ?? false, now: ctx.now.toISOString() },
      };
    }, ctx, { isNew, dryRun });
  }

  async changeBooking(bookingId: string, input: ChangeBookingInput, expectedRevision: number | undefined, ctx: CommandContext, { dryRun = false }: RunOptions = {}): Promise<BookingCommandResult> {
    const loaded = await this.loadVisible(bookingId, ctx);
    const { state } = loaded;
    const { override } = authorize(ctx, state, P.bookingChangeOwn, P.bookingChangeAny);
    const lines = input.resources ?? state.current.resources;
    return this.place(bookingId, state.spaceId, lines, ({ space, resources }) => ({
        type: 'ChangeBooking',
        data: { bookingId, space, resources, lines: input.resources, start: input.start, end: input.end, participants: input.participants, purpose: input.purpose, now: ctx.now.toISOString(), actorId: ctx.actor.id, overrideDeadline: override },
      }), ctx, { ifMatch: expectedRevision, preloaded: loaded, dryRun });
  }

  cancelBooking(bookingId: string, input: { reason: string }, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.transition(bookingId, expectedRevision, ctx, (booking) => {
      const { override } = authorize(ctx, booking, P.bookingCancelOwn, P.bookingCancelAny);
      return { type: 'CancelBooking', data: { bookingId, actorId: ctx.actor.id, reason: input.reason, now: ctx.now.toISOString(), overrideDeadline: override } };
    });
  }

  approveBooking(bookingId: string, input: { comment: string }, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.transition(bookingId, expectedRevision, ctx, (booking) => {
      authorize(ctx, booking, null, P.bookingApprove);
      return { type: 'ApproveBooking', data: { bookingId, approverId: ctx.actor.id, comment: input.comment } };
    });
  }

  rejectBooking(bookingId: string, input: { comment: string }, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.transition(bookingId, expectedRevision, ctx, (booking) => {
      authorize(ctx, booking, null, P.bookingApprove);
      return { type: 'RejectBooking', data: { bookingId, approverId: ctx.actor.id, comment: input.comment } };
    });
  }

  checkIn(bookingId: string, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.transition(bookingId, expectedRevision, ctx, (booking) => {
      authorize(ctx, booking, P.bookingCheckIn, P.bookingAttendanceManage);
      return { type: 'CheckIn', data: { bookingId, actorId: ctx.actor.id, now: ctx.now.toISOString() } };
    });
  }

  completeBooking(bookingId: string, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.transition(bookingId, expectedRevision, ctx, (booking) => {
      authorize(ctx, booking, null, P.bookingAttendanceManage);
      return { type: 'CompleteBooking', data: { bookingId, now: ctx.now.toISOString() } };
    });
  }

  markNoShow(bookingId: string, expectedRevision: number | undefined, ctx: CommandContext) {
    return this.transition(bookingId, expectedRevision, ctx, (booking) => {
      authorize(ctx, booking, null, P.bookingAttendanceManage);
      return { type: 'MarkNoShow', data: { bookingId, actorId: ctx.actor.id, now: ctx.now.toISOString() } };
    });
  }

  /** A booking that exists and that the actor may at least see (others' bookings look absent). */
  private async loadVisible(bookingId: string, ctx: CommandContext): Promise<Loaded<Booking>> {
    const loaded = await loadAggregate(this.store, bookingStreamId(bookingId), bookingDecider);
    if (loaded.state.status === 'absent' || !canSee(ctx, loaded.state)) throw new NotFoundError('booking', bookingId);
    return loaded as Loaded<Booking>;
  }

  /** A lifecycle step that does not touch the schedule, except to release what it frees. */
  private async transition(bookingId: string, expectedRevision: number | undefined, ctx: CommandContext, makeCommand: (booking: Booking) => BookingCommand): Promise<BookingCommandResult> {
    const outcome = await executeCommand(
      this.store,
      bookingStreamId(bookingId),
      bookingDecider,
      ({ state }) => {
        if (state.status === 'absent' || !canSee(ctx, state)) throw new NotFoundError('booking', bookingId);
        return makeCommand(state);
      },
      ctx,
      { ifMatch: expectedRevision },
    );
    if (outcome.events.length > 0) await this.schedule.release(reservationsToRelease(outcome.state), ctx);
    return toResult(outcome.state as Booking, outcome.revision);
  }

  /** Places a request or change against the catalog as it is; a snapshot found stale at commit is re-read. */
  private async place(
    bookingId: string,
    spaceId: string,
    lines: { resourceId: string }[],
    makeCommand: (catalog: PlacementCatalogView) => BookingCommand,
    ctx: CommandContext,
    options: Pick<PlacementOptions, 'ifMatch' | 'isNew' | 'preloaded' | 'dryRun'>,
  ): Promise<BookingCommandResult> {
    for (let attempt = 1; ; attempt++) {
      // A dry run has no commit to catch a stale cached snapshot, so it reads the catalog afresh.
      const catalog = await this.catalog.load(spaceId, lines.map((l) => l.resourceId), { fresh: options.dryRun });
      try {
        const outcome = await requestPlacement(this.store, this.schedule, bookingHolder(bookingId), () => makeCommand(catalog), ctx, {
          ...options,
          guards: catalog.guards,
          entity: 'booking',
          id: bookingId,
        });
        return toResult(outcome.state as Booking, outcome.revision);
      } catch (err) {
        if (!(err instanceof StaleSnapshotError) || attempt >= 5) throw err;
        this.catalog.forget(err.streamId);
      }
    }
  }
}

function canSee(ctx: CommandContext, booking: Booking): boolean {
  return booking.bookerId === ctx.actor.id || hasPermission(ctx, P.bookingReadAny, booking.siteId);
}

/**
 * The booker acts on their own booking with `own`; anyone with `any` on the booking's site
 * acts on every booking there and may also act past the change deadline (`override`).
 */
function authorize(ctx: CommandContext, booking: Booking, own: Permission | null, any: Permission): { override: boolean } {
  if (hasPermission(ctx, any, booking.siteId)) return { override: true };
  const mine = own !== null && booking.bookerId === ctx.actor.id;
  if (mine && hasPermission(ctx, own, booking.siteId)) return { override: false };
  const missing = mine ? own : any;
  throw new ForbiddenError(missing, `missing permission ${missing} on site ${booking.siteId}`);
}

function toResult(booking: Booking, revision: number): BookingCommandResult {
  const { bookingId, status, spaceId, bookerId, purpose } = booking;
  const { start, end, participants, resources } = booking.current;
  return { bookingId, status, revision, start, end, spaceId, bookerId, purpose, participants, resources };
}

