import type { BookingCommandResult, BookingCommands } from '../../booking/application/booking-commands.js';
import type { CatalogCommandResult, CatalogCommands } from '../../catalog/application/catalog-commands.js';
import { NotFoundError, PreconditionFailedError } from '../../shared/domain/errors.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { BookingDetails, BookingHistoryEntry } from '../contracts/bookings.contracts.js';
import type { Blackout } from '../contracts/blackouts.contracts.js';
import type { Resource } from '../contracts/resources.contracts.js';
import type { Site } from '../contracts/sites.contracts.js';
import type { Space } from '../contracts/spaces.contracts.js';
import type { AvailabilityIntervals, Page, ReadModelQueries } from '../queries/read-model-queries.js';

/**
 * In-memory stand-ins for the HTTP layer's own ports, for the HTTP layer's tests only: they
 * record every call and can be told to fail or to wait, so a test can observe what the
 * routes pass on. The real handlers and read models are exercised by the full-stack tests.
 */
export interface RecordedCall {
  method: string;
  args: unknown[];
  ctx?: CommandContext;
}

class CallLog {
  readonly calls: RecordedCall[] = [];
  /** Thrown by the next command instead of running it. */
  nextError: Error | undefined;
  /** Awaited by the next command before it runs (to hold a request in flight). */
  nextGate: Promise<void> | undefined;

  async record(method: string, args: unknown[], ctx?: CommandContext): Promise<void> {
    this.calls.push({ method, args, ...(ctx ? { ctx } : {}) });
    const gate = this.nextGate;
    this.nextGate = undefined;
    if (gate) await gate;
    const error = this.nextError;
    this.nextError = undefined;
    if (error) throw error;
  }

  count(method: string): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  last(method: string): RecordedCall | undefined {
    return this.calls.filter((c) => c.method === method).at(-1);
  }
}

export class FakeBookingCommands extends CallLog implements BookingCommands {
  readonly bookings = new Map<string, BookingCommandResult>();

  async requestBooking(...[input, ctx]: Parameters<BookingCommands['requestBooking']>): Promise<BookingCommandResult> {
    await this.record('requestBooking', [input], ctx);
    const { bookingId = ctx.newId(), bookerId = ctx.actor.id, ...rest } = input;
    const booking: BookingCommandResult = { bookingId, bookerId, status: 'confirmed', revision: 1, ...rest };
    this.bookings.set(bookingId, booking);
    return booking;
  }

  changeBooking(...[id, input, expected, ctx]: Parameters<BookingCommands['changeBooking']>) {
    return this.transition('changeBooking', id, expected, ctx, [input], (b) => ({ ...b, ...input }));
  }
  cancelBooking(...[id, input, expected, ctx]: Parameters<BookingCommands['cancelBooking']>) {
    return this.transition('cancelBooking', id, expected, ctx, [input], (b) => ({ ...b, status: 'cancelled' }));
  }
  approveBooking(...[id, input, expected, ctx]: Parameters<BookingCommands['approveBooking']>) {
    return this.transition('approveBooking', id, expected, ctx, [input], (b) => ({ ...b, status: 'confirmed' }));
  }
  rejectBooking(...[id, input, expected, ctx]: Parameters<BookingCommands['rejectBooking']>) {
    return this.transition('rejectBooking', id, expected, ctx, [input], (b) => ({ ...b, status: 'rejected' }));
  }
  checkIn(...[id, expected, ctx]: Parameters<BookingCommands['checkIn']>) {
    return this.transition('checkIn', id, expected, ctx, [], (b) => ({ ...b, status: 'checked_in' }));
  }
  completeBooking(...[id, expected, ctx]: Parameters<BookingCommands['completeBooking']>) {
    return this.transition('completeBooking', id, expected, ctx, [], (b) => ({ ...b, status: 'completed' }));
  }
  markNoShow(...[id, expected, ctx]: Parameters<BookingCommands['markNoShow']>) {
    return this.transition('markNoShow', id, expected, ctx, [], (b) => ({ ...b, status: 'no_show' }));
  }

  private async transition(
    method: string,
    bookingId: string,
    expectedRevision: number | undefined,
    ctx: CommandContext,
    args: unknown[],
    apply: (b: BookingCommandResult) => BookingCommandResult,
  ): Promise<BookingCommandResult> {
    await this.record(method, [bookingId, ...args, expectedRevision], ctx);
    const current = this.bookings.get(bookingId);
    if (!current) throw new NotFoundError('booking', bookingId);
    if (expectedRevision !== undefined && expectedRevision !== current.revision) throw new PreconditionFailedError(expectedRevision, current.revision);
    const next = { ...apply(current), revision: current.revision + 1 };
    this.bookings.set(bookingId, next);
    return next;
  }
}

export class FakeCatalogCommands extends CallLog implements CatalogCommands {
  readonly revisions = new Map<string, number>();

  registerSite(...[input, ctx]: Parameters<CatalogCommands['registerSite']>) {
    return this.create('registerSite', input.siteId, input, ctx);
  }
  updateSite(...[id, input, expected, ctx]: Parameters<CatalogCommands['updateSite']>) {
    return this.change('updateSite', id, expected, ctx, [input]);
  }
  createSpace(...[input, ctx]: Parameters<CatalogCommands['createSpace']>) {
    return this.create('createSpace', input.spaceId, input, ctx);
  }
  updateSpace(...[id, input, expected, ctx]: Parameters<CatalogCommands['updateSpace']>) {
    return this.change('updateSpace', id, expected, ctx, [input]);
  }
  retireSpace(...[id, expected, ctx]: Parameters<CatalogCommands['retireSpace']>) {
    return this.change('retireSpace', id, expected, ctx, []);
  }
  createResource(...[input, ctx]: Parameters<CatalogCommands['createResource']>) {
    return this.create('createResource', input.resourceId, input, ctx);
  }
  updateResource(...[id, input, expected, ctx]: Parameters<CatalogCommands['updateResource']>) {
    return this.change('updateResource', id, expected, ctx, [input]);
  }
  retireResource(...[id, expected, ctx]: Parameters<CatalogCommands['retireResource']>) {
    return this.change('retireResource', id, expected, ctx, []);
  }
  declareBlackout(...[input, ctx]: Parameters<CatalogCommands['declareBlackout']>) {
    return this.create('declareBlackout', input.blackoutId, input, ctx);
  }
  liftBlackout(...[id, input, ctx]: Parameters<CatalogCommands['liftBlackout']>) {
    return this.change('liftBlackout', id, undefined, ctx, [input]);
  }

  private async create(method: string, id: string | undefined, input: unknown, ctx: CommandContext): Promise<CatalogCommandResult> {
    await this.record(method, [input], ctx);
    const entityId = id ?? ctx.newId();
    this.revisions.set(entityId, 0);
    return { id: entityId, revision: 0 };
  }

  private async change(method: string, id: string, expectedRevision: number | undefined, ctx: CommandContext, args: unknown[]): Promise<CatalogCommandResult> {
    await this.record(method, [id, ...args, expectedRevision], ctx);
    const current = this.revisions.get(id);
    if (current === undefined) throw new NotFoundError('entity', id);
    if (expectedRevision !== undefined && expectedRevision !== current) throw new PreconditionFailedError(expectedRevision, current);
    this.revisions.set(id, current + 1);
    return { id, revision: current + 1 };
  }
}

function page<T>(items: T[], filter: { limit: number; offset: number }): Page<T> {
  return { items: items.slice(filter.offset, filter.offset + filter.limit), total: items.length };
}

export class FakeReadModelQueries implements ReadModelQueries {
  readonly sites: Site[] = [];
  readonly spaces: Space[] = [];
  readonly resources: Resource[] = [];
  readonly blackouts: Blackout[] = [];
  readonly bookings: BookingDetails[] = [];
  readonly history = new Map<string, BookingHistoryEntry[]>();
  availability: AvailabilityIntervals = { busy: [], closed: [], free: [] };
  /** Every query and its arguments, to check what the routes asked for. */
  readonly calls: { method: string; args: unknown[] }[] = [];

  async listSites(...args: Parameters<ReadModelQueries['listSites']>) {
    this.calls.push({ method: 'listSites', args });
    return page(this.sites.filter((s) => !args[0].city || s.city === args[0].city), args[0]);
  }
  async getSite(id: string) {
    return this.sites.find((s) => s.id === id) ?? null;
  }
  async listSpaces(...args: Parameters<ReadModelQueries['listSpaces']>) {
    this.calls.push({ method: 'listSpaces', args });
    return page(this.spaces, args[0]);
  }
  async getSpace(id: string) {
    return this.spaces.find((s) => s.id === id) ?? null;
  }
  async getSpaceAvailability(...args: Parameters<ReadModelQueries['getSpaceAvailability']>) {
    this.calls.push({ method: 'getSpaceAvailability', args });
    return this.availability;
  }
  async listResources(...args: Parameters<ReadModelQueries['listResources']>) {
    this.calls.push({ method: 'listResources', args });
    return page(this.resources, args[0]);
  }
  async getResource(id: string) {
    return this.resources.find((r) => r.id === id) ?? null;
  }
  async listBlackouts(...args: Parameters<ReadModelQueries['listBlackouts']>) {
    this.calls.push({ method: 'listBlackouts', args });
    return page(this.blackouts, args[0]);
  }
  async getBooking(id: string) {
    return this.bookings.find((b) => b.id === id) ?? null;
  }
  async listBookings(...args: Parameters<ReadModelQueries['listBookings']>) {
    this.calls.push({ method: 'listBookings', args });
    const { bookerId, siteId, visibleTo: v } = args[0];
    const visible = (b: BookingDetails) =>
      !v || (b.bookerId === v.userId && (v.ownSiteIds === null || v.ownSiteIds.includes(b.siteId))) || v.anySiteIds.includes(b.siteId);
    return page(this.bookings.filter((b) => visible(b) && (bookerId === undefined || b.bookerId === bookerId) && (siteId === undefined || b.siteId === siteId)), args[0]);
  }
  async getBookingHistory(id: string) {
    return this.history.get(id) ?? [];
  }
}
