import type { BlackoutTarget, OpeningWindow, SpaceKind } from '../catalog/domain/catalog.types.js';
import type { ResourceLine } from '../booking/domain/booking.events.js';
import { type Permission, PERMISSIONS, permissionsOfRoles } from '../identity/domain/permissions.js';
import { assertNever } from '../shared/domain/decider.js';
import { DAY, MINUTE, type TimeRange } from '../shared/domain/time-range.js';
import { localDate, nextDate, toLocal, zonedToInstant, type Weekday } from '../shared/domain/time-zone.js';
import type { DemoOrganisation, DemoResource, DemoSite, DemoSpace } from './demo-organisation.js';
import { createPrng, type Prng } from './prng.js';

/**
 * Months of believable activity for the demo organisation, as a time-ordered list of
 * commands with the simulated instant each one happens at. Pure and deterministic (seeded
 * PRNG): the seeder replays it through the real command handlers.
 *
 * Every step is valid against the space's policy when it happens: a booking is requested
 * ahead of its start (within `maxAdvanceDays`), inside opening hours and on slot
 * boundaries; changes and cancellations come before the change deadline; check-in, no-show
 * and completion come after the start. Bookings of one space never overlap (buffers and
 * blackouts included), so the only conflicts left are the odd resource shortage.
 */
export interface DemoActivityOptions {
  now: Date;
  seed?: number;
  /** How far back bookings start; default 120 days (about four months). */
  daysBack?: number;
  /** How far ahead bookings are already made; default 14 days. */
  daysAhead?: number;
  /** Multiplies how busy every space is; 1 gives a few thousand bookings. */
  density?: number;
}

export interface PlannedBooking {
  siteId: string;
  spaceId: string;
  bookerId: string;
  /** Epoch ms, as first requested (a `change` step may move them). */
  start: number;
  end: number;
  purpose: string;
  participants: number;
  resources: ResourceLine[];
}

export interface PlannedBlackout {
  target: BlackoutTarget;
  start: number;
  end: number;
  reason: string;
}

export interface BookingChangePlan {
  start?: number;
  end?: number;
  participants?: number;
}

/** One command at a simulated instant `at` (epoch ms), by `actorId`. `booking`/`blackout` index the plan's lists. */
export type PlannedStep = { at: number; actorId: string } & (
  | { kind: 'declareBlackout'; blackout: number }
  | { kind: 'request'; booking: number }
  | { kind: 'approve'; booking: number; comment: string }
  | { kind: 'reject'; booking: number; comment: string }
  | { kind: 'change'; booking: number; change: BookingChangePlan }
  | { kind: 'cancel'; booking: number; reason: string }
  | { kind: 'checkIn'; booking: number }
  | { kind: 'complete'; booking: number }
  | { kind: 'noShow'; booking: number }
);

export interface DemoActivityPlan {
  /** When the catalog is registered: before anything else happens. */
  catalogAt: number;
  bookings: PlannedBooking[];
  blackouts: PlannedBlackout[];
  /** Ordered by `at`; none is later than `now`. */
  steps: PlannedStep[];
}

const HOUR = 60 * MINUTE;
/** Check-in opens this long before start; a no-show may be recorded this long after (booking decider). */
const GRACE = 15 * MINUTE;

/** A candidate booking in local minutes of one date, inside one opening window. */
interface Candidate {
  startMinute: number;
  minutes: number;
}

const PURPOSES: Record<SpaceKind, string[]> = {
  meeting_room: ['Weekly team sync', 'Sprint planning', 'Design review', 'Client call', '1:1', 'Interview', 'Quarterly business review', 'Onboarding session', 'Budget planning', 'Retrospective', 'Customer journey workshop', 'Vendor pitch', 'Hiring debrief', 'Architecture review'],
  hall: ['Town hall', 'Product launch', 'Customer conference', 'Wedding reception', 'Tech meetup', 'Annual general meeting', 'Gala dinner', 'Training day'],
  auditorium: ['Town hall', 'Keynote rehearsal', 'Customer conference', 'Guest lecture', 'Investor day', 'All-hands'],
  desk: ['Focus day', 'Visiting from another office', 'Hot desk', 'Quiet work'],
  table: ['Lunch', 'Dinner', 'Business lunch', 'Birthday dinner', 'Anniversary dinner', 'Team dinner', 'Lunch with a client'],
  hotel_room: ['Business trip', 'Weekend stay', 'Conference attendee', 'Family holiday', 'Wedding guest'],
  studio: ['Podcast recording', 'Product video shoot', 'Headshots', 'Webinar', 'Livestream rehearsal'],
};

/** Meetings cluster on weekday mornings and thin out on Fridays. */
const OFFICE_LOAD: Partial<Record<Weekday, number>> = { mon: 2.2, tue: 2.6, wed: 2.6, thu: 2.2, fri: 1.0 };
const MEETING_HOURS: [number, number][] = [[8, 2], [9, 6], [10, 7], [11, 5], [12, 1.5], [13, 2], [14, 4], [15, 3], [16, 2], [17, 1], [18, 0.5], [19, 0.2]];

export function planDemoActivity(org: DemoOrganisation, options: DemoActivityOptions): DemoActivityPlan {
  const now = options.now.getTime();
  const rng = createPrng(options.seed ?? 2024);
  const density = options.density ?? 1;
  const from = now - (options.daysBack ?? 120) * DAY;
  const to = now + (options.daysAhead ?? 14) * DAY;
  const plan: DemoActivityPlan = { catalogAt: from, bookings: [], blackouts: [], steps: [] };
  const can = (userId: string, permission: Permission) => org.users.some((u) => u.userId === userId && permissionsOfRoles(u.roles).has(permission));
  /** The site's operator when allowed, else the first person in the organisation who is. */
  const actorFor = (site: DemoSite, permission: Permission) => {
    const actor = can(site.operatorId, permission) ? site.operatorId : org.users.find((u) => can(u.userId, permission))?.userId;
    if (!actor) throw new Error(`nobody in the demo organisation holds ${permission}`);
    return actor;
  };
  const step = (s: PlannedStep) => {
    if (s.at <= now) plan.steps.push(s);
  };

  for (const site of org.sites) {
    const bookers = org.users.filter((u) => u.homeSiteId === site.siteId && can(u.userId, PERMISSIONS.bookingCreate)).map((u) => u.userId);
    if (bookers.length === 0) throw new Error(`demo site ${site.name} has nobody who can book`);
    const actors: SiteActors = {
      bookers,
      approver: actorFor(site, PERMISSIONS.bookingApprove),
      attendance: actorFor(site, PERMISSIONS.bookingAttendanceManage),
      canceller: actorFor(site, PERMISSIONS.bookingCancelAny),
      blackouts: actorFor(site, PERMISSIONS.blackoutManage),
    };
    const blocked = planBlackouts(site, actors.blackouts, rng, now, plan, step);
    const dates = localDatesBetween(from, to, site.timeZone);
    for (const space of site.spaces) {
      let holdEnd = -Infinity;
      for (const { start, end } of spaceCandidates(space, site.timeZone, dates, rng, density)) {
        const hold = { start, end: end + space.policy.bufferMinutes * MINUTE };
        if (start < from || start > to || start < holdEnd) continue;
        if ((blocked.get(space.spaceId) ?? []).some((b) => b.start < hold.end && hold.start < b.end)) continue;
        holdEnd = hold.end;
        planBooking({ site, space, actors, rng, now, plan, step, start, end });
      }
    }
  }
  plan.steps.sort((a, b) => a.at - b.at);
  // The catalog exists a day before anything happens to it.
  plan.catalogAt = Math.min(from, plan.steps[0]?.at ?? from) - DAY;
  return plan;
}

/** A space's candidate bookings over the given local dates, in start order, as instants. */
function spaceCandidates(space: DemoSpace, timeZone: string, dates: string[], rng: Prng, scale: number): TimeRange[] {
  const out: TimeRange[] = [];
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i]!;
    const weekday = weekdayOf(date, timeZone);
    if (space.kind === 'hotel_room') {
      const nights = hotelStay(rng, weekday, scale);
      if (nights === 0) continue;
      out.push({ start: zonedToInstant(date, 0, timeZone), end: zonedToInstant(addDays(date, nights), 0, timeZone) });
      i += nights - 1;
      continue;
    }
    const windows = space.policy.openingHours?.[weekday] ?? [];
    for (const c of dayCandidates(space, weekday, windows, rng, scale).sort((a, b) => a.startMinute - b.startMinute)) {
      out.push({ start: zonedToInstant(date, c.startMinute, timeZone), end: zonedToInstant(date, c.startMinute + c.minutes, timeZone) });
    }
  }
  return out;
}

/** Who does what at a site: the permission each step needs decides who may do it. */
interface SiteActors {
  bookers: string[];
  approver: string;
  attendance: string;
  canceller: string;
  blackouts: string;
}

interface BookingContext {
  site: DemoSite;
  space: DemoSpace;
  actors: SiteActors;
  rng: Prng;
  now: number;
  plan: DemoActivityPlan;
  step: (s: PlannedStep) => void;
  start: number;
  end: number;
}

/** Plans one booking (already known to fit its space's schedule) and what happens to it. */
function planBooking(b: BookingContext): void {
  const { site, space, actors, rng, now, plan, step } = b;
  const policy = space.policy;
  const bookerId = rng.pick(actors.bookers);
  const participants = space.kind === 'desk' ? 1 : rng.int(Math.max(1, Math.ceil(space.capacity * 0.3)), space.capacity);
  const lead = Math.min(leadTime(space.kind, rng), policy.maxAdvanceDays * DAY - HOUR);
  // Bookings that start after `now` were all made by now.
  const requestAt = Math.min(b.start - lead, now - MINUTE);
  const deadline = b.start - policy.changeDeadlineMinutes * MINUTE;

  // Some bookings were first requested shorter, then extended to what they became.
  let requested = { start: b.start, end: b.end };
  let change: BookingChangePlan | undefined;
  const slot = policy.slotMinutes * MINUTE;
  const changeRoom = deadline - requestAt > 2 * HOUR;
  if (changeRoom && !policy.approvalRequired && rng.chance(0.07)) {
    if (b.end - b.start - slot >= policy.minDurationMinutes * MINUTE && rng.chance(0.6)) {
      requested = { start: b.start, end: b.end - slot };
      change = { end: b.end };
    } else {
      const changed = Math.max(1, Math.min(space.capacity, participants + rng.pick([-2, -1, 1, 2])));
      if (changed !== participants) change = { participants: changed };
    }
  }

  const ref = plan.bookings.length;
  plan.bookings.push({
    siteId: site.siteId, spaceId: space.spaceId, bookerId,
    start: requested.start, end: requested.end,
    purpose: rng.pick(PURPOSES[space.kind]),
    participants,
    resources: resourcesFor(space, site.resources, participants, rng),
  });
  step({ at: requestAt, actorId: bookerId, kind: 'request', booking: ref });
  let settledAt = requestAt;

  if (policy.approvalRequired) {
    const approveAt = requestAt + Math.min(rng.int(1, 48) * HOUR, (b.start - requestAt) / 2);
    settledAt = approveAt;
    if (rng.chance(0.1)) {
      step({ at: approveAt, actorId: actors.approver, kind: 'reject', booking: ref, comment: rng.pick(['Clashes with a site event', 'Please book the smaller room', 'Not enough staff on that day']) });
      return;
    }
    step({ at: approveAt, actorId: actors.approver, kind: 'approve', booking: ref, comment: rng.pick(['Approved', 'Approved, catering confirmed', 'OK', 'Approved; set-up from 30 min before']) });
  }
  if (change) {
    const at = settledAt + Math.floor((deadline - settledAt) * rng.next() * 0.8) + MINUTE;
    if (at < deadline) step({ at, actorId: bookerId, kind: 'change', booking: ref, change });
    settledAt = at;
  }

  const roll = rng.next();
  if (roll < 0.08 && deadline - settledAt > 10 * MINUTE) {
    const at = settledAt + Math.floor((deadline - settledAt) * rng.next());
    step({ at, actorId: bookerId, kind: 'cancel', booking: ref, reason: rng.pick(['Plans changed', 'Meeting moved online', 'No longer needed', 'Rescheduled', 'Travel cancelled']) });
    return;
  }
  if (roll < 0.1) {
    // The site cancels past the deadline (needs booking.cancel.any).
    step({ at: Math.max(settledAt + MINUTE, b.start - 30 * MINUTE), actorId: actors.canceller, kind: 'cancel', booking: ref, reason: rng.pick(['Emergency maintenance', 'Power outage in the building', 'Room needed for an urgent board meeting']) });
    return;
  }
  if (roll < 0.17) {
    step({ at: b.start + GRACE + rng.int(5, 60) * MINUTE, actorId: actors.attendance, kind: 'noShow', booking: ref });
    return;
  }
  // Hotel guests arrive in the afternoon; everyone else around the start.
  const checkInAt = space.kind === 'hotel_room' ? b.start + rng.int(14 * 60, 20 * 60) * MINUTE : b.start + rng.int(-14, 12) * MINUTE;
  if (checkInAt >= b.end || checkInAt > now) return;
  step({ at: checkInAt, actorId: bookerId, kind: 'checkIn', booking: ref });
  step({ at: b.end + rng.int(1, 45) * MINUTE, actorId: actors.attendance, kind: 'complete', booking: ref });
}

function planBlackouts(site: DemoSite, actorId: string, rng: Prng, now: number, plan: DemoActivityPlan, step: (s: PlannedStep) => void): Map<string, TimeRange[]> {
  const blocked = new Map<string, TimeRange[]>();
  const add = (blackout: PlannedBlackout) => {
    const ref = plan.blackouts.length;
    plan.blackouts.push(blackout);
    step({ at: Math.min(blackout.start - 7 * DAY, now - HOUR), actorId, kind: 'declareBlackout', blackout: ref });
    if (blackout.target.kind === 'space') {
      const list = blocked.get(blackout.target.spaceId) ?? [];
      list.push({ start: blackout.start, end: blackout.end });
      blocked.set(blackout.target.spaceId, list);
    }
  };
  const localDay = (daysFromNow: number, startMinute: number, endMinute: number) => {
    const date = localDate(now + daysFromNow * DAY, site.timeZone);
    return { start: zonedToInstant(date, startMinute, site.timeZone), end: zonedToInstant(date, endMinute, site.timeZone) };
  };
  const pick = <T>(items: T[], p: (t: T) => boolean) => items.find(p);

  const hall = pick(site.spaces, (s) => s.kind === 'hall' || s.kind === 'auditorium');
  if (hall) add({ target: { kind: 'space', spaceId: hall.spaceId }, ...localDay(rng.int(20, 60) * -1, 0, 1440), reason: rng.pick(['AV system upgrade', 'Floor refinishing', 'Annual safety inspection']) });
  const room = pick(site.spaces, (s) => s.kind === 'meeting_room' || s.kind === 'hotel_room' || s.kind === 'table');
  if (room) {
    const first = localDay(-rng.int(30, 90), 0, 0).start;
    const days = room.kind === 'hotel_room' ? 4 : 2;
    add({ target: { kind: 'space', spaceId: room.spaceId }, start: first, end: first + days * DAY, reason: room.kind === 'hotel_room' ? 'Bathroom renovation' : 'Painting and new carpet' });
  }
  const futureHall = site.spaces.find((s) => s !== hall && (s.kind === 'hall' || s.kind === 'auditorium')) ?? hall;
  if (futureHall) add({ target: { kind: 'space', spaceId: futureHall.spaceId }, ...localDay(rng.int(5, 12), 8 * 60, 23 * 60), reason: 'Private event for Atlântica staff' });
  const equipment = site.resources.find((r) => r.category === 'equipment' && r.quantity >= 2);
  if (equipment) add({ target: { kind: 'resource', resourceId: equipment.resourceId, quantity: 1 }, ...localDay(-rng.int(10, 40), 0, 1440), reason: 'Out for repair' });
  return blocked;
}

/** Bookings a space gets on one local date, as candidates inside its opening windows. */
function dayCandidates(space: DemoSpace, weekday: Weekday, windows: OpeningWindow[], rng: Prng, scale: number): Candidate[] {
  if (windows.length === 0) return [];
  const policy = space.policy;
  const count = (expected: number) => {
    const mean = expected * scale;
    return Math.floor(mean) + (rng.chance(mean - Math.floor(mean)) ? 1 : 0);
  };
  const durations = (options: [number, number][]) => options.filter(([m]) => m >= policy.minDurationMinutes && m <= policy.maxDurationMinutes && m % policy.slotMinutes === 0);
  const fit = (window: OpeningWindow, startMinute: number, minutes: number): Candidate | undefined => {
    const aligned = Math.ceil(startMinute / policy.slotMinutes) * policy.slotMinutes;
    const start = Math.max(window.open, aligned);
    return start + minutes <= window.close ? { startMinute: start, minutes } : undefined;
  };
  const out: Candidate[] = [];
  const push = (c: Candidate | undefined) => c && out.push(c);

  switch (space.kind) {
    case 'meeting_room':
    case 'studio': {
      const load = (OFFICE_LOAD[weekday] ?? 0.3) * (policy.approvalRequired ? 0.3 : space.kind === 'studio' ? 0.5 : 1);
      const options = durations([[30, 3], [60, 5], [90, 2], [120, 1.5], [180, 0.6], [240, 0.3]]);
      if (options.length === 0) return [];
      for (let i = 0; i < count(load); i++) {
        const window = rng.pick(windows);
        const hour = rng.weighted(MEETING_HOURS);
        push(fit(window, hour * 60 + rng.pick([0, 0, 15, 30, 30, 45]), rng.weighted(options)));
      }
      return out;
    }
    case 'desk': {
      if (!rng.chance(0.7 * scale)) return [];
      const window = windows[0]!;
      const shape = rng.weighted([['day', 5], ['morning', 3], ['afternoon', 2]] as const);
      if (shape === 'day') push(fit(window, 9 * 60, 8 * 60));
      else if (shape === 'morning') push(fit(window, rng.pick([8, 9]) * 60, rng.pick([3, 4]) * 60));
      else push(fit(window, 13 * 60, rng.pick([4, 5]) * 60));
      return out;
    }
    case 'hall':
    case 'auditorium': {
      const p = weekday === 'sat' ? 0.35 : weekday === 'sun' ? 0.15 : weekday === 'fri' ? 0.15 : 0.25;
      if (!rng.chance(p * scale)) return [];
      const window = windows[0]!;
      const hours = rng.int(Math.ceil(policy.minDurationMinutes / 60), Math.min(10, policy.maxDurationMinutes / 60));
      push(fit(window, rng.int(Math.floor(window.open / 60), Math.max(Math.floor(window.open / 60), Math.floor((window.close - hours * 60) / 60))) * 60, hours * 60));
      return out;
    }
    case 'table': {
      const weekend = weekday === 'fri' || weekday === 'sat';
      windows.forEach((window, i) => {
        const dinner = i > 0;
        const expected = dinner ? (weekend ? 1.0 : 0.6) : weekday === 'sun' ? 0.7 : 0.35;
        const service = dinner ? [90, 120, 150] : [60, 90];
        for (let n = 0; n < count(expected); n++) {
          const minutes = rng.pick(service.filter((m) => m <= policy.maxDurationMinutes));
          push(fit(window, window.open + rng.int(0, Math.max(0, (window.close - window.open - minutes) / 30)) * 30, minutes));
        }
      });
      return out;
    }
    case 'hotel_room':
      return [];
    default:
      return assertNever(space.kind);
  }
}

/** Nights of a stay starting on this date, or 0 when the room stays empty tonight. */
function hotelStay(rng: Prng, weekday: Weekday, scale: number): number {
  const arrival = (weekday === 'thu' || weekday === 'fri' ? 0.55 : 0.35) * scale;
  if (!rng.chance(arrival)) return 0;
  return rng.weighted([[1, 3], [2, 4], [3, 3], [4, 2], [5, 1], [7, 1]]);
}

function leadTime(kind: SpaceKind, rng: Prng): number {
  switch (kind) {
    case 'meeting_room':
    case 'desk':
      return rng.weighted([[rng.int(60, 24 * 60), 5], [rng.int(1, 7) * 1440, 4], [rng.int(7, 30) * 1440, 1]]) * MINUTE;
    case 'studio':
    case 'table':
      return rng.int(3 * 60, 14 * 1440) * MINUTE;
    case 'hall':
    case 'auditorium':
    case 'hotel_room':
      return rng.int(10, 90) * DAY + rng.int(0, 1439) * MINUTE;
    default:
      return assertNever(kind);
  }
}

function resourcesFor(space: DemoSpace, resources: DemoResource[], participants: number, rng: Prng): ResourceLine[] {
  const byCategory = (c: DemoResource['category']) => resources.filter((r) => r.category === c);
  const lines: ResourceLine[] = [];
  const add = (category: DemoResource['category'], probability: number, quantity: (r: DemoResource) => number) => {
    const candidates = byCategory(category);
    if (candidates.length === 0 || !rng.chance(probability)) return;
    const resource = rng.pick(candidates);
    // Stay well under stock so parallel bookings rarely run a resource out.
    const q = Math.max(1, Math.min(quantity(resource), Math.floor(resource.quantity / 3) || 1));
    lines.push({ resourceId: resource.resourceId, quantity: q });
  };
  switch (space.kind) {
    case 'meeting_room':
      add('catering', 0.25, () => participants);
      add('equipment', 0.15, () => 1);
      break;
    case 'hall':
    case 'auditorium':
      add('catering', 0.6, () => participants);
      add('equipment', 0.6, () => rng.int(1, 3));
      add('furniture', 0.3, () => rng.int(10, 40));
      break;
    case 'studio':
      add('equipment', 0.3, () => 1);
      break;
    case 'table':
    case 'hotel_room':
      add('furniture', 0.1, () => 1);
      add('catering', 0.15, () => 1);
      break;
    case 'desk':
      break;
    default:
      return assertNever(space.kind);
  }
  return lines;
}

function weekdayOf(date: string, timeZone: string): Weekday {
  return toLocal(zonedToInstant(date, 12 * 60, timeZone), timeZone).weekday;
}

function addDays(date: string, days: number): string {
  let d = date;
  for (let i = 0; i < days; i++) d = nextDate(d);
  return d;
}

function localDatesBetween(from: number, to: number, timeZone: string): string[] {
  const dates: string[] = [];
  const last = localDate(to, timeZone);
  for (let d = localDate(from, timeZone); d <= last; d = nextDate(d)) dates.push(d);
  return dates;
}
