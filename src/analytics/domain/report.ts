/**
 * The space, site and person reports: what they say, as plain data. JSON is this shape;
 * CSV (report-csv.ts) and PDF (report-document.ts) are built from the same values, so the
 * three formats cannot disagree.
 */
import type { BookingStatus } from '../../booking/domain/booking.events.js';
import { isBooked } from './booking-usage.js';

/** Half-open [from, to): instants, or local dates (local midnight in each site's zone), as asked. */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** Longest period a report or heatmap covers: two years (one of them may be a leap year). */
export const MAX_REPORT_DAYS = 731;

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Why a period cannot be reported on, or null when it can: both bounds dates or both instants
 * (so they compare exactly without knowing the site's zone), `to` after `from`, at most
 * MAX_REPORT_DAYS long.
 */
export function periodProblem(period: ReportPeriod): { field: 'from' | 'to'; message: string } | null {
  const dates = [period.from, period.to].filter((b) => LOCAL_DATE.test(b)).length;
  if (dates === 1) return { field: 'to', message: 'give from and to both as dates (yyyy-mm-dd) or both as instants' };
  const ms = (b: string) => (dates === 2 ? Date.parse(`${b}T00:00:00Z`) : Date.parse(b));
  const [from, to] = [ms(period.from), ms(period.to)];
  if (Number.isNaN(from)) return { field: 'from', message: 'is not a valid date or instant' };
  if (Number.isNaN(to)) return { field: 'to', message: 'is not a valid date or instant' };
  if (!(to > from)) return { field: 'to', message: 'must be after from' };
  if (to - from > MAX_REPORT_DAYS * 86_400_000) return { field: 'to', message: `the period may span at most ${MAX_REPORT_DAYS} days` };
  return null;
}

/** Shown in place of the name of a person whose account was erased. */
export const ERASED = 'erased';

/**
 * A person as a report names them: always the id; the display name only for callers who may
 * read people's accounts, `erased` once the account is gone, null otherwise.
 */
export interface PersonRef {
  userId: string;
  name: string | null;
}

/** How a space (or a set of them) was used: counts of outcomes, minutes, and the rates they give. */
export interface UsageSummary {
  /** Bookings starting in the period that got a slot (confirmed or pending approval at some point). */
  bookings: number;
  cancelled: number;
  noShows: number;
  checkedIn: number;
  /** Minutes of the period held by bookings that were not cancelled (without turnover buffers). */
  bookedMinutes: number;
  checkedInMinutes: number;
  /** Open minutes in the period (opening hours minus blackouts; every minute for always-open spaces). */
  availableMinutes: number;
  /** 100 × booked / available, two decimals; null when nothing was available. */
  utilisationPercent: number | null;
  /** 100 × checked-in / available. */
  checkedInPercent: number | null;
  /** 100 × cancelled / bookings; null without bookings. */
  cancellationRatePercent: number | null;
  /** 100 × no-shows / (bookings − cancelled): of the bookings that were due, how many nobody came to. */
  noShowRatePercent: number | null;
}

/** Outcome counts before rates are worked out: what sums across spaces. */
export type UsageCounts = Pick<UsageSummary, 'bookings' | 'cancelled' | 'noShows' | 'checkedIn' | 'bookedMinutes' | 'checkedInMinutes' | 'availableMinutes'>;

export const NO_USAGE: UsageCounts = { bookings: 0, cancelled: 0, noShows: 0, checkedIn: 0, bookedMinutes: 0, checkedInMinutes: 0, availableMinutes: 0 };

/** 100 × part / whole with two decimals; null when the whole is zero. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;
}

export function usageSummary(counts: UsageCounts): UsageSummary {
  return {
    ...counts,
    utilisationPercent: percent(counts.bookedMinutes, counts.availableMinutes),
    checkedInPercent: percent(counts.checkedInMinutes, counts.availableMinutes),
    cancellationRatePercent: percent(counts.cancelled, counts.bookings),
    noShowRatePercent: percent(counts.noShows, counts.bookings - counts.cancelled),
  };
}

export function addUsage(a: UsageCounts, b: UsageCounts): UsageCounts {
  return {
    bookings: a.bookings + b.bookings,
    cancelled: a.cancelled + b.cancelled,
    noShows: a.noShows + b.noShows,
    checkedIn: a.checkedIn + b.checkedIn,
    bookedMinutes: a.bookedMinutes + b.bookedMinutes,
    checkedInMinutes: a.checkedInMinutes + b.checkedInMinutes,
    availableMinutes: a.availableMinutes + b.availableMinutes,
  };
}

export interface SpaceRef {
  spaceId: string;
  spaceName: string;
  siteId: string;
}

/** One booking of the period: who, when (instants, and local start in the site's zone), what became of it. */
export interface BookingLine extends SpaceRef {
  bookingId: string;
  booker: PersonRef;
  start: string;
  end: string;
  /** `yyyy-mm-ddTHH:mm` in the site's zone. */
  localStart: string;
  timeZone: string;
  status: BookingStatus;
  checkedIn: boolean;
  checkedInAt: string | null;
  cancelledAt: string | null;
  /** Cancelled after the change deadline. */
  lateCancellation: boolean;
  durationMinutes: number;
  checkedInMinutes: number;
}

export interface SpaceUsage extends SpaceRef {
  kind: string;
  retired: boolean;
  usage: UsageSummary;
}

interface ReportHeader {
  period: ReportPeriod;
  generatedAt: string;
}

/** Who used or planned one space and when, and how much of its open time that filled. */
export interface SpaceReport extends ReportHeader {
  report: 'space';
  space: SpaceUsage & { timeZone: string };
  bookings: BookingLine[];
}

/** Every space of a site, one usage summary each, and the site's total (the sum of the rows). */
export interface SiteReport extends ReportHeader {
  report: 'site';
  site: { siteId: string; name: string; timeZone: string };
  spaces: SpaceUsage[];
  total: UsageSummary;
}

/** What one person booked, cancelled and missed, per space and in total (the sum of the spaces). */
export interface PersonReport extends ReportHeader {
  report: 'person';
  person: PersonRef;
  /** The sites the report covers when the caller may read analytics on some sites only; null: all. */
  sites: string[] | null;
  bookings: BookingLine[];
  spaces: (SpaceRef & { usage: PersonUsage })[];
  total: PersonUsage;
}

/** A person's outcomes: a person holds no open time, so no availability or utilisation. */
export type PersonUsage = Omit<UsageSummary, 'availableMinutes' | 'utilisationPercent' | 'checkedInPercent'>;

export function personUsage(counts: UsageCounts): PersonUsage {
  const s = usageSummary(counts);
  return {
    bookings: s.bookings, cancelled: s.cancelled, noShows: s.noShows, checkedIn: s.checkedIn, bookedMinutes: s.bookedMinutes, checkedInMinutes: s.checkedInMinutes,
    cancellationRatePercent: s.cancellationRatePercent, noShowRatePercent: s.noShowRatePercent,
  };
}

/** A person's outcomes, counted from their booking lines (booked time: lines that still hold their slot). */
export function usageOfLines(lines: readonly BookingLine[]): UsageCounts {
  let counts = NO_USAGE;
  for (const b of lines) {
    counts = addUsage(counts, {
      bookings: 1,
      cancelled: b.status === 'cancelled' ? 1 : 0,
      noShows: b.status === 'no_show' ? 1 : 0,
      checkedIn: b.checkedInAt === null ? 0 : 1,
      bookedMinutes: isBooked(b.status) ? b.durationMinutes : 0,
      checkedInMinutes: b.checkedInMinutes,
      availableMinutes: 0,
    });
  }
  return counts;
}

export type Report = SpaceReport | SiteReport | PersonReport;
