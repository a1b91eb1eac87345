import type { BookingCommands, BookingCommandResult } from '../booking/application/booking-commands.js';
import type { CatalogCommands } from '../catalog/application/catalog-commands.js';
import type { IdentityServices } from '../identity/application/identity-services.js';
import { permissionsOfRoles } from '../identity/domain/permissions.js';
import type { Logger } from '../platform/tokens.js';
import { assertNever } from '../shared/domain/decider.js';
import { ConflictError, ValidationError } from '../shared/domain/errors.js';
import { toIso } from '../shared/domain/time-range.js';
import type { CommandContext } from '../shared/event-store/envelope.js';
import { planDemoActivity, type DemoActivityOptions, type PlannedStep } from './demo-activity-plan.js';
import { DEMO_ADMIN, DEMO_ORGANISATION, type DemoOrganisation } from './demo-organisation.js';
import { seedDemoAccounts } from './seed-demo-accounts.js';

export interface SeedDemoDataDeps {
  catalog: CatalogCommands;
  bookings: BookingCommands;
  /** When given, every demo person gets an account (demo password) before anything else happens. */
  identity?: IdentityServices;
  newId: () => string;
  /** The real present: history ends here, and a couple of weeks of bookings lie ahead. */
  now: Date;
  log?: Logger;
  organisation?: DemoOrganisation;
  /** Tunes the simulated history (how far back, how busy); `now` is taken from above. */
  activity?: Omit<DemoActivityOptions, 'now'>;
  /** Commands in flight at once; steps of one booking always run in order. Default 8. */
  concurrency?: number;
}

export interface DemoSeedSummary {
  sites: number;
  spaces: number;
  resources: number;
  users: number;
  blackoutsDeclared: number;
  bookingsRequested: number;
  /** Requested bookings that were placed (confirmed or awaiting approval). */
  bookingsPlaced: number;
  /** Booking status after seeding, as the command side last reported it. */
  byStatus: Record<string, number>;
  /** Steps refused by the command side: a taken slot or resource, or a rule the plan missed. */
  refused: { conflict: number; invalid: number };
  /** Steps left out because the booking they act on was never placed. */
  skipped: number;
}

/**
 * Seeds the demo organisation through the real command handlers (so every event passes the
 * same checks as an HTTP request), replaying months of simulated activity with a clock set
 * to each step's instant. The caller decides whether seeding is needed (e.g. empty store).
 */
export async function seedDemoData(deps: SeedDemoDataDeps): Promise<DemoSeedSummary> {
  const org = deps.organisation ?? DEMO_ORGANISATION;
  const plan = planDemoActivity(org, { ...deps.activity, now: deps.now });
  const rolesOf = new Map(org.users.map((u) => [u.userId, u.roles]));
  const ctx = (actorId: string, at: number): CommandContext => {
    const correlationId = deps.newId();
    return { actor: { id: actorId, kind: 'user' }, permissions: permissionsOfRoles(rolesOf.get(actorId) ?? []), correlationId, causationId: correlationId, now: new Date(at), newId: deps.newId };
  };

  if (deps.identity) {
    await seedDemoAccounts(deps.identity, org, (userId) => ctx(userId, plan.catalogAt));
    deps.log?.info('demo accounts registered', { accounts: org.users.length });
  }

  // The catalog is set up by the organisation's admin, before any booking.
  const admin = org.users.find((u) => u.roles.includes('admin'))?.userId ?? DEMO_ADMIN.userId;
  const catalogCtx = (): CommandContext => ({ ...ctx(admin, plan.catalogAt), permissions: permissionsOfRoles(['admin']) });
  for (const site of org.sites) {
    const { siteId, name, address, city, latitude, longitude, timeZone, kind } = site;
    await deps.catalog.registerSite({ siteId, name, address, city, latitude, longitude, timeZone, kind }, catalogCtx());
    for (const { spaceId, name, kind, capacity, amenities, photoUrls, description, policy } of site.spaces) {
      await deps.catalog.createSpace({ spaceId, siteId, name, kind, capacity, amenities, photoUrls, description, policy }, catalogCtx());
    }
    for (const { resourceId, name, category, quantity, description } of site.resources) {
      await deps.catalog.createResource({ resourceId, siteId, name, category, quantity, description }, catalogCtx());
    }
  }
  deps.log?.info('demo catalog registered', { organisation: org.name, sites: org.sites.length });

  const summary: DemoSeedSummary = {
    sites: org.sites.length,
    spaces: org.sites.reduce((n, s) => n + s.spaces.length, 0),
    resources: org.sites.reduce((n, s) => n + s.resources.length, 0),
    users: org.users.length,
    blackoutsDeclared: 0,
    bookingsRequested: 0,
    bookingsPlaced: 0,
    byStatus: {},
    refused: { conflict: 0, invalid: 0 },
    skipped: 0,
  };
  const bookingIds = new Map<number, string>();
  const statuses = new Map<number, string>();
  let invalidLogged = 0;

  const run = async (step: PlannedStep): Promise<void> => {
    const c = ctx(step.actorId, step.at);
    if (step.kind === 'declareBlackout') {
      const b = plan.blackouts[step.blackout]!;
      await deps.catalog.declareBlackout({ target: b.target, start: toIso(b.start), end: toIso(b.end), reason: b.reason }, c);
      summary.blackoutsDeclared++;
      return;
    }
    if (step.kind === 'request') {
      const b = plan.bookings[step.booking]!;
      const bookingId = deps.newId();
      summary.bookingsRequested++;
      const result = await deps.bookings.requestBooking(
        { bookingId, spaceId: b.spaceId, start: toIso(b.start), end: toIso(b.end), purpose: b.purpose, participants: b.participants, resources: b.resources },
        c,
      );
      statuses.set(step.booking, result.status);
      if (result.status === 'rejected') return;
      bookingIds.set(step.booking, bookingId);
      summary.bookingsPlaced++;
      return;
    }
    const bookingId = bookingIds.get(step.booking);
    if (bookingId === undefined) {
      summary.skipped++;
      return;
    }
    const result = await bookingStep(deps.bookings, step, bookingId, c);
    statuses.set(step.booking, result.status);
  };

  const refused = (error: unknown, step: PlannedStep): boolean => {
    if (error instanceof ConflictError) summary.refused.conflict++;
    else if (error instanceof ValidationError) {
      summary.refused.invalid++;
      if (invalidLogged++ < 5) deps.log?.warn('demo step refused as invalid', { step: step.kind, at: toIso(step.at), error: error.message });
    } else return false;
    return true;
  };

  await runInOrder(plan.steps, deps.concurrency ?? 8, (step) => keyOf(step), async (step) => {
    try {
      await run(step);
    } catch (error) {
      if (!refused(error, step)) throw error;
    }
  });

  for (const status of statuses.values()) summary.byStatus[status] = (summary.byStatus[status] ?? 0) + 1;
  deps.log?.info('demo data seeded', { ...summary });
  return summary;
}

function keyOf(step: PlannedStep): string {
  return step.kind === 'declareBlackout' ? `blackout-${step.blackout}` : `booking-${step.booking}`;
}

function bookingStep(bookings: BookingCommands, step: Exclude<PlannedStep, { kind: 'request' | 'declareBlackout' }>, bookingId: string, c: CommandContext): Promise<BookingCommandResult> {
  switch (step.kind) {
    case 'approve':
      return bookings.approveBooking(bookingId, { comment: step.comment }, undefined, c);
    case 'reject':
      return bookings.rejectBooking(bookingId, { comment: step.comment }, undefined, c);
    case 'change': {
      const { start, end, participants } = step.change;
      return bookings.changeBooking(bookingId, { ...(start !== undefined && { start: toIso(start) }), ...(end !== undefined && { end: toIso(end) }), ...(participants !== undefined && { participants }) }, undefined, c);
    }
    case 'cancel':
      return bookings.cancelBooking(bookingId, { reason: step.reason }, undefined, c);
    case 'checkIn':
      return bookings.checkIn(bookingId, undefined, c);
    case 'complete':
      return bookings.completeBooking(bookingId, undefined, c);
    case 'noShow':
      return bookings.markNoShow(bookingId, undefined, c);
    default:
      return assertNever(step);
  }
}

/**
 * Runs tasks in list order with up to `concurrency` in flight; tasks with the same key run
 * one after another. The first failure stops new tasks and is rethrown once the others settle.
 */
export async function runInOrder<T>(items: readonly T[], concurrency: number, keyOf: (item: T) => string, task: (item: T) => Promise<void>): Promise<void> {
  const tails = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for (const item of items) {
    if (failure) break;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const key = keyOf(item);
    const previous = tails.get(key) ?? Promise.resolve();
    const running: Promise<void> = previous
      .then(() => (failure ? undefined : task(item)))
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => {
        inFlight.delete(running);
        if (tails.get(key) === running) tails.delete(key);
      });
    tails.set(key, running);
    inFlight.add(running);
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
}
