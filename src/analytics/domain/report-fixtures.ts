/** Sample reports and heatmaps for the renderers' specs. */
import { NO_USAGE, addUsage, usageOfLines, personUsage, usageSummary, type BookingLine, type PersonReport, type SiteReport, type SpaceReport } from './report.js';
import type { Heatmap, HeatmapCell } from './report-heatmap.js';

const SITE = '5a0c61f4-0000-4000-8000-000000000001';
const SPACE = '5a0c61f4-0000-4000-8000-0000000000a1';
const OTHER_SPACE = '5a0c61f4-0000-4000-8000-0000000000a2';

export function bookingLine(overrides: Partial<BookingLine> = {}): BookingLine {
  return {
    bookingId: 'b-0001', spaceId: SPACE, spaceName: 'Zürich Boardroom', siteId: SITE,
    booker: { userId: 'user-1', name: 'Åsa Ødegård' },
    start: '2026-03-02T08:00:00.000Z', end: '2026-03-02T09:30:00.000Z', localStart: '2026-03-02T09:00', timeZone: 'Europe/Zurich',
    status: 'completed', checkedIn: true, checkedInAt: '2026-03-02T08:05:00.000Z', cancelledAt: null, lateCancellation: false,
    durationMinutes: 90, checkedInMinutes: 85,
    ...overrides,
  };
}

export const SPACE_LINES: BookingLine[] = [
  bookingLine(),
  bookingLine({ bookingId: 'b-0002', booker: { userId: 'user-2', name: '=HYPERLINK("http://evil")' }, start: '2026-03-03T12:00:00.000Z', end: '2026-03-03T13:00:00.000Z', localStart: '2026-03-03T13:00', status: 'cancelled', checkedIn: false, checkedInAt: null, cancelledAt: '2026-03-03T11:50:00.000Z', lateCancellation: true, durationMinutes: 60, checkedInMinutes: 0 }),
  bookingLine({ bookingId: 'b-0003', booker: { userId: 'user-3', name: 'erased' }, start: '2026-03-04T22:00:00.000Z', end: '2026-03-05T01:00:00.000Z', localStart: '2026-03-04T23:00', status: 'no_show', checkedIn: false, checkedInAt: null, durationMinutes: 180, checkedInMinutes: 0 }),
  bookingLine({ bookingId: 'b-0004', booker: { userId: 'user-4', name: null }, start: '2026-03-05T08:00:00.000Z', end: '2026-03-05T09:00:00.000Z', localStart: '2026-03-05T09:00', status: 'confirmed', checkedIn: false, checkedInAt: null, durationMinutes: 60, checkedInMinutes: 0 }),
];

export const SPACE_REPORT: SpaceReport = {
  report: 'space',
  period: { from: '2026-03-01', to: '2026-04-01' },
  generatedAt: '2026-04-02T10:00:00.000Z',
  space: {
    spaceId: SPACE, spaceName: 'Zürich Boardroom, "big" one', siteId: SITE, kind: 'meeting_room', retired: false, timeZone: 'Europe/Zurich',
    usage: usageSummary({ bookings: 4, cancelled: 1, noShows: 1, checkedIn: 1, bookedMinutes: 330, checkedInMinutes: 85, availableMinutes: 7440 }),
  },
  bookings: SPACE_LINES,
};

export function siteReport(spaces: number): SiteReport {
  const rows = Array.from({ length: spaces }, (_, i) => ({
    spaceId: `space-${String(i).padStart(5, '0')}`, spaceName: `Room ${i}`, siteId: SITE, kind: 'desk', retired: i % 7 === 0,
    usage: usageSummary({ bookings: i % 13, cancelled: i % 3, noShows: i % 2, checkedIn: i % 5, bookedMinutes: 60 * (i % 11), checkedInMinutes: 30 * (i % 5), availableMinutes: i % 17 === 0 ? 0 : 6000 }),
  }));
  return {
    report: 'site', period: { from: '2026-01-01', to: '2027-01-01' }, generatedAt: '2027-01-02T00:00:00.000Z',
    site: { siteId: SITE, name: 'Headquarters', timeZone: 'Europe/Zurich' },
    spaces: rows,
    total: usageSummary(rows.reduce((sum, r) => addUsage(sum, r.usage), NO_USAGE)),
  };
}

export const PERSON_REPORT: PersonReport = (() => {
  const lines = [...SPACE_LINES.map((l) => ({ ...l, booker: { userId: 'user-1', name: 'Åsa Ødegård' } })), bookingLine({ bookingId: 'b-0005', spaceId: OTHER_SPACE, spaceName: '東京 Room', booker: { userId: 'user-1', name: 'Åsa Ødegård' } })];
  const inSpace = (id: string) => lines.filter((l) => l.spaceId === id);
  return {
    report: 'person', period: { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }, generatedAt: '2026-04-02T10:00:00.000Z',
    person: { userId: 'user-1', name: 'Åsa Ødegård' }, sites: null, bookings: lines,
    spaces: [
      { spaceId: SPACE, spaceName: 'Zürich Boardroom', siteId: SITE, usage: personUsage(usageOfLines(inSpace(SPACE))) },
      { spaceId: OTHER_SPACE, spaceName: '東京 Room', siteId: SITE, usage: personUsage(usageOfLines(inSpace(OTHER_SPACE))) },
    ],
    total: personUsage(usageOfLines(lines)),
  };
})();

/** Busy on weekday mornings, closed at night and on Sundays. */
export function sampleHeatmap(): Heatmap {
  const cells: HeatmapCell[] = [];
  for (let isoWeekday = 1; isoWeekday <= 7; isoWeekday++) {
    for (let hour = 0; hour < 24; hour++) {
      const open = isoWeekday !== 7 && hour >= 8 && hour < 18;
      const booked = open ? (isoWeekday === 1 && hour < 12 ? 60 * 4 : 60 * ((hour * isoWeekday) % 5)) : 0;
      cells.push({
        isoWeekday, hour, sharePercent: open ? Math.round((booked / 240) * 10_000) / 100 : null,
        bookedMinutes: booked, checkedInMinutes: booked / 2, availableMinutes: open ? 240 : 0, openOccurrences: open ? 4 : 0, busyOccurrences: booked > 0 ? 2 : 0,
      });
    }
  }
  return {
    scope: 'site', subject: { id: SITE, name: 'Headquarters <HQ> & "annex"', siteId: SITE, timeZone: 'Europe/Zurich', spaces: 12 },
    period: { from: '2026-03-01', to: '2026-04-01' }, generatedAt: '2026-04-02T10:00:00.000Z', cells,
  };
}
