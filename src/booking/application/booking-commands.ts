import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { BookingStatus, ResourceLine } from '../domain/booking.events.js';

/** Inputs of the booking use cases, as the HTTP layer (or a seeder) passes them. Instants are ISO strings. */
export interface RequestBookingInput {
  /** Optional client-chosen id (uuid); generated when absent. */
  bookingId?: string;
  spaceId: string;
  start: string;
  end: string;
  purpose: string;
  participants: number;
  resources: ResourceLine[];
  /** Shown to others (space calendar feeds) as busy only; default false. */
  private?: boolean;
  /** Book for someone else (needs `booking.create.others`); defaults to the actor. */
  bookerId?: string;
}

export interface ChangeBookingInput {
  start?: string;
  end?: string;
  purpose?: string;
  participants?: number;
  resources?: ResourceLine[];
}

/** What every booking command returns: the state after the command, straight from the write side. */
export interface BookingCommandResult {
  bookingId: string;
  status: BookingStatus;
  /** Stream revision after the command: the booking's ETag. */
  revision: number;
  start: string;
  end: string;
  spaceId: string;
  bookerId: string;
  purpose: string;
  participants: number;
  resources: ResourceLine[];
}

/** `dryRun`: decide everything the command would (permissions, policy, schedule) and append nothing. */
export interface RunOptions {
  dryRun?: boolean;
}

/**
 * `expectedRevision` comes from `If-Match`; a stale one raises PreconditionFailedError (412).
 * Permission and ownership are checked here, against `ctx.permissions`.
 */
export interface BookingCommands {
  requestBooking(input: RequestBookingInput, ctx: CommandContext, options?: RunOptions): Promise<BookingCommandResult>;
  changeBooking(bookingId: string, input: ChangeBookingInput, expectedRevision: number | undefined, ctx: CommandContext, options?: RunOptions): Promise<BookingCommandResult>;
  cancelBooking(bookingId: string, input: { reason: string }, expectedRevision: number | undefined, ctx: CommandContext): Promise<BookingCommandResult>;
  approveBooking(bookingId: string, input: { comment: string }, expectedRevision: number | undefined, ctx: CommandContext): Promise<BookingCommandResult>;
  rejectBooking(bookingId: string, input: { comment: string }, expectedRevision: number | undefined, ctx: CommandContext): Promise<BookingCommandResult>;
  checkIn(bookingId: string, expectedRevision: number | undefined, ctx: CommandContext): Promise<BookingCommandResult>;
  completeBooking(bookingId: string, expectedRevision: number | undefined, ctx: CommandContext): Promise<BookingCommandResult>;
  markNoShow(bookingId: string, expectedRevision: number | undefined, ctx: CommandContext): Promise<BookingCommandResult>;
}

export const BOOKING_COMMANDS = Symbol.for('reserva.BookingCommands');
