import type { BookingStatus, ResourceLine } from '../../booking/domain/booking.events.js';
import { localHoursOverlapping, type LocalHour } from './local-hours.js';

/** What of a booking decides how much of which hours it fills. */
export interface BookingUsageInput {
  spaceId: string;
  siteId: string;
  timeZone: string;
  status: BookingStatus;
  /** Epoch ms, the current placement [start, end). */
  start: number;
  end: number;
  resources: readonly ResourceLine[];
  /** Epoch ms of the check-in, or null. */
  checkedInAt: number | null;
}

/** A booking's share of one local hour of one space or resource. */
export interface UsageCell {
  targetId: string;
  targetKind: 'space' | 'resource';
  siteId: string;
  timeZone: string;
  hour: LocalHour;
  /** Resources: quantity × seconds. */
  bookedSeconds: number;
  checkedInSeconds: number;
  bookings: number;
}

/** Statuses in which a booking holds its slot for utilisation: it was granted and not given back. */
const BOOKED: ReadonlySet<BookingStatus> = new Set(['confirmed', 'checked_in', 'completed', 'no_show']);
const USED: ReadonlySet<BookingStatus> = new Set(['checked_in', 'completed']);

export function isBooked(status: BookingStatus): boolean {
  return BOOKED.has(status);
}

/** The part of [start, end) somebody was actually there: from check-in (or start, if earlier) to end. */
export function checkedInRange(b: Pick<BookingUsageInput, 'status' | 'start' | 'end' | 'checkedInAt'>): { start: number; end: number } | null {
  if (!USED.has(b.status) || b.checkedInAt === null) return null;
  const start = Math.max(b.start, b.checkedInAt);
  return start < b.end ? { start, end: b.end } : null;
}

/**
 * The hours a booking fills: its space for [start, end) (the turnover buffer is not booked
 * time), each resource line for quantity × the same minutes; checked-in time alike from the
 * check-in. Nothing unless the booking holds its slot (confirmed, checked in, completed, no-show).
 */
export function bookingUsage(b: BookingUsageInput): UsageCell[] {
  if (!isBooked(b.status)) return [];
  const used = checkedInRange(b);
  const cells: UsageCell[] = [];
  const targets: { targetId: string; targetKind: UsageCell['targetKind']; quantity: number }[] = [
    { targetId: b.spaceId, targetKind: 'space', quantity: 1 },
    ...b.resources.map((r) => ({ targetId: r.resourceId, targetKind: 'resource' as const, quantity: r.quantity })),
  ];
  for (const { hour, ms } of localHoursOverlapping(b.start, b.end, b.timeZone)) {
    const hourEnd = hour.hourStart + 3_600_000;
    const usedMs = used ? Math.max(0, Math.min(hourEnd, used.end) - Math.max(hour.hourStart, used.start)) : 0;
    const bookedSeconds = Math.round(ms / 1000);
    const checkedInSeconds = Math.round(usedMs / 1000);
    for (const t of targets) {
      cells.push({
        targetId: t.targetId, targetKind: t.targetKind, siteId: b.siteId, timeZone: b.timeZone, hour,
        bookedSeconds: bookedSeconds * t.quantity, checkedInSeconds: checkedInSeconds * t.quantity, bookings: 1,
      });
    }
  }
  return cells;
}
