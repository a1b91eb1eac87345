import { api } from '../../api/client.js';
import type { BookingDetails, BookingPage, SpaceAvailability } from '../../api/types.js';
import { subtractIntervals, type CalendarInterval } from './calendar-grid.js';

const PAGE = 200;
/** Bookings that hold their time; cancelled and rejected ones are left out of calendars. */
const RELEASED = new Set(['cancelled', 'rejected']);

/** Every booking the API lists for the query (it pages by 200), without the released ones. */
export async function loadBookings(query: { bookerId?: string; spaceId?: string; siteId?: string; from: string; to: string }, signal: AbortSignal): Promise<BookingDetails[]> {
  const all: BookingDetails[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.get<BookingPage>('/bookings', { query: { ...query, limit: PAGE, offset }, signal });
    all.push(...page.items);
    if (page.items.length < PAGE || offset + PAGE >= page.total) break;
  }
  return all.filter((b) => !RELEASED.has(b.status));
}

export function loadAvailability(spaceId: string, from: Date, to: Date, signal: AbortSignal): Promise<SpaceAvailability> {
  return api.get<SpaceAvailability>(`/spaces/${spaceId}/availability`, { query: { from: from.toISOString(), to: to.toISOString() }, signal });
}

export function bookingInterval(b: BookingDetails, kind: 'mine' | 'booking', label?: string): CalendarInterval {
  return { start: b.start, end: b.end, kind, label: label || undefined, href: `/bookings/${b.id}`, status: b.status };
}

/** A space's calendar: closed time, the viewer's own bookings, and everyone else's busy time around them. */
export function spaceIntervals(availability: SpaceAvailability, mine: readonly BookingDetails[]): CalendarInterval[] {
  const own = mine.filter((b) => b.spaceId === availability.spaceId).map((b) => bookingInterval(b, 'mine', b.purpose));
  return [
    ...availability.closed.map((c) => ({ start: c.start, end: c.end, kind: 'closed' as const })),
    ...subtractIntervals(availability.busy, own).map((b) => ({ start: b.start, end: b.end, kind: 'busy' as const })),
    ...own,
  ];
}
