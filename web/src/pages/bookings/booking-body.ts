// The booking form's state and the request bodies built from it. Pure: the component tests and the
// end-to-end test (which sends these bodies to a real server) use the same functions as the form.
import type { BookingDetails, ChangeBookingRequest, RequestBookingRequest, Space } from '../../api/types.js';
import { instantAfterMidnight } from '../../time/datetime-local.js';
import { addDays, fromWallClock, toWallClock } from '../../time/zoned-time.js';
import { weekdayOf } from '../spaces/opening-hours.js';

/** What the form holds: wall-clock times in the zone the person enters them in, text as typed. */
export interface BookingDraft {
  startDate: string; // YYYY-MM-DD
  startTime: string; // HH:MM
  endDate: string;
  endTime: string;
  purpose: string;
  participants: string;
  private: boolean;
  /** Wanted quantity per resource id; 0 means none. */
  quantities: Record<string, number>;
}

/** Where an issue is shown: one of the inputs, a resource's row, or the resources group. */
export type DraftField = 'startDate' | 'startTime' | 'endDate' | 'endTime' | 'purpose' | 'participants' | 'private' | 'resources' | `resource:${string}`;

/** What the form finds wrong before asking the server: a blank time, a count that is no whole number. */
export interface DraftIssue {
  field: DraftField;
  code: 'required' | 'wholeNumber';
}

export type Built<B> = { ok: true; body: B } | { ok: false; issues: DraftIssue[] };

type ResourceLine = NonNullable<RequestBookingRequest['resources']>[number];

const wholeNumber = (text: string): number | null => (/^\s*\d+\s*$/.test(text) && Number(text) >= 1 ? Number(text) : null);

/** The instants a draft's wall clocks mean in `zone`, or which of them are blank. */
function instants(draft: BookingDraft, zone: string): { start: string; end: string } | DraftIssue[] {
  const blank = (['startDate', 'startTime', 'endDate', 'endTime'] as const).filter((f) => !draft[f]);
  if (blank.length > 0) return blank.map((field) => ({ field, code: 'required' }));
  return { start: fromWallClock(draft.startDate, draft.startTime, zone).toISOString(), end: fromWallClock(draft.endDate, draft.endTime, zone).toISOString() };
}

/** The instants of a complete draft, null while a date or time is blank. */
export function draftRange(draft: BookingDraft, zone: string): { start: string; end: string } | null {
  const times = instants(draft, zone);
  return Array.isArray(times) ? null : times;
}

/** The resource lines of a draft, in the order of `order` (the site's list), quantities above zero. */
export function resourceLines(quantities: Record<string, number>, order: readonly string[]): ResourceLine[] {
  const ids = [...order.filter((id) => id in quantities), ...Object.keys(quantities).filter((id) => !order.includes(id))];
  return ids.filter((id) => quantities[id]! > 0).map((resourceId) => ({ resourceId, quantity: quantities[resourceId]! }));
}

type Checked = { ok: false; issues: DraftIssue[] } | { ok: true; start: string; end: string; participants: number };

function checked(draft: BookingDraft, zone: string): Checked {
  const times = instants(draft, zone);
  const issues: DraftIssue[] = Array.isArray(times) ? [...times] : [];
  const participants = wholeNumber(draft.participants);
  if (participants === null) issues.push({ field: 'participants', code: 'wholeNumber' });
  for (const [id, quantity] of Object.entries(draft.quantities))
    if (!Number.isInteger(quantity) || quantity < 0) issues.push({ field: `resource:${id}`, code: 'wholeNumber' });
  if (issues.length > 0 || Array.isArray(times) || participants === null) return { ok: false, issues };
  return { ok: true, ...times, participants };
}

/** The body of POST /bookings (and of its preview) for a draft whose times are wall clocks in `zone`. */
export function requestBody(draft: BookingDraft, spaceId: string, zone: string, resourceOrder: readonly string[] = []): Built<RequestBookingRequest> {
  const c = checked(draft, zone);
  if (!c.ok) return c;
  return {
    ok: true,
    body: {
      spaceId,
      start: c.start,
      end: c.end,
      purpose: draft.purpose.trim(),
      participants: c.participants,
      resources: resourceLines(draft.quantities, resourceOrder),
      private: draft.private,
    },
  };
}

const sameLines = (a: readonly ResourceLine[], b: readonly ResourceLine[]) => {
  const key = (lines: readonly ResourceLine[]) => JSON.stringify([...lines].sort((x, y) => x.resourceId.localeCompare(y.resourceId)).map((l) => [l.resourceId, l.quantity]));
  return key(a) === key(b);
};

/** The body of PATCH /bookings/{id}: only what differs from the booking (empty when nothing does). */
export function changeBody(draft: BookingDraft, booking: BookingDetails, zone: string, resourceOrder: readonly string[] = []): Built<ChangeBookingRequest> {
  const c = checked(draft, zone);
  if (!c.ok) return c;
  const body: ChangeBookingRequest = {};
  if (Date.parse(c.start) !== Date.parse(booking.start)) body.start = c.start;
  if (Date.parse(c.end) !== Date.parse(booking.end)) body.end = c.end;
  if (draft.purpose.trim() !== booking.purpose) body.purpose = draft.purpose.trim();
  if (c.participants !== booking.participants) body.participants = c.participants;
  const lines = resourceLines(draft.quantities, resourceOrder);
  if (!sameLines(lines, booking.resources)) body.resources = lines;
  return { ok: true, body };
}

function wallClocks(start: Date | string, end: Date | string, zone: string): Pick<BookingDraft, 'startDate' | 'startTime' | 'endDate' | 'endTime'> {
  const s = toWallClock(start, zone);
  const e = toWallClock(end, zone);
  return { startDate: s.date, startTime: s.time, endDate: e.date, endTime: e.time };
}

/** A draft for [start, end) shown in `zone`. */
export function draftForRange(start: Date | string, end: Date | string, zone: string, rest: Partial<BookingDraft> = {}): BookingDraft {
  return { purpose: '', participants: '1', private: false, quantities: {}, ...rest, ...wallClocks(start, end, zone) };
}

export function draftFromBooking(booking: BookingDetails, zone: string): BookingDraft {
  return draftForRange(booking.start, booking.end, zone, {
    purpose: booking.purpose,
    participants: String(booking.participants),
    quantities: Object.fromEntries(booking.resources.map((l) => [l.resourceId, l.quantity])),
  });
}

const HOUR = 3_600_000;

/**
 * A first suggestion when the page gets no times: the space's next open slot from the next full
 * hour, on its slot grid in its own zone, lasting an hour (a night for a hotel room) within its
 * minimum and maximum. The preview then says whether it is free.
 */
export function suggestedRange(space: Pick<Space, 'kind' | 'policy' | 'timeZone'>, now: Date = new Date()): { start: Date; end: Date } {
  const { slotMinutes: slot, minDurationMinutes, maxDurationMinutes, openingHours } = space.policy;
  const wanted = space.kind === 'hotel_room' ? 24 * 60 : 60;
  const length = Math.min(Math.ceil(Math.max(wanted, minDurationMinutes) / slot) * slot, maxDurationMinutes);
  const here = toWallClock(now, space.timeZone);
  const [h, m] = here.time.split(':').map(Number) as [number, number];
  const earliest = Math.ceil((h * 60 + m + 1) / 60) * 60;
  const onGrid = (minute: number) => Math.ceil(minute / slot) * slot;
  for (let day = 0; day < 14; day++) {
    const date = addDays(here.date, day);
    const from = day === 0 ? earliest : 0;
    const windows = openingHours === null ? [{ open: 0, close: Infinity }] : (openingHours[weekdayOf(date)] ?? []);
    for (const w of windows) {
      const start = onGrid(Math.max(w.open, from));
      if (start + length <= w.close) {
        const begins = instantAfterMidnight(date, start, space.timeZone);
        return { start: begins, end: new Date(begins.getTime() + length * 60_000) };
      }
    }
  }
  const start = new Date(Math.ceil(now.getTime() / HOUR) * HOUR + HOUR);
  return { start, end: new Date(start.getTime() + length * 60_000) };
}

/** The same instants as wall clocks in another zone (when the person switches the zone they type in). */
export function rezone(draft: BookingDraft, from: string, to: string): BookingDraft {
  const times = instants(draft, from);
  return Array.isArray(times) ? draft : { ...draft, ...wallClocks(times.start, times.end, to) };
}

/** Moves the end date along when the start date moves, keeping the length in days. */
export function withStartDate(draft: BookingDraft, startDate: string): BookingDraft {
  if (!draft.startDate || !draft.endDate || !startDate) return { ...draft, startDate, endDate: draft.endDate || startDate };
  const days = Math.round((Date.parse(draft.endDate) - Date.parse(draft.startDate)) / (24 * HOUR));
  return { ...draft, startDate, endDate: addDays(startDate, days) };
}

/**
 * The input a field named by the API belongs to: `start`, `end`, `participants`, `purpose`,
 * `resources.N.quantity` (the N-th line that was sent, or the booking's own lines when a change
 * left them out). Anything else (spaceId, headers) is shown with the form's message.
 */
export function draftFieldOf(apiField: string, sentLines: readonly ResourceLine[]): DraftField | undefined {
  const [head, index] = apiField.split('.');
  switch (head) {
    case 'start':
      return 'startTime';
    case 'end':
      return 'endTime';
    case 'participants':
    case 'purpose':
    case 'private':
      return head;
    case 'resources': {
      const line = index === undefined ? undefined : sentLines[Number(index)];
      return line ? `resource:${line.resourceId}` : 'resources';
    }
    default:
      return undefined;
  }
}
