import { assertNever } from '../../shared/domain/decider.js';
import { toCsv, type CsvCell } from './csv.js';
import type { BookingLine, PersonUsage, Report, UsageSummary } from './report.js';

/**
 * One column set for every report, so a spreadsheet can stack them: each record says what it
 * is (`record`) and fills the columns that apply to it, the rest stay empty.
 * - `booking`: one booking (space, booker, times, outcome, its minutes);
 * - `space`: a space's usage in the period (in a person report: that person's use of it);
 * - `site`: the site's total (the sum of its space records); `person`: the person's total.
 */
export const REPORT_CSV_COLUMNS = [
  'record', 'siteId', 'spaceId', 'spaceName', 'spaceKind', 'retired',
  'bookingId', 'bookerId', 'bookerName', 'start', 'end', 'localStart', 'timeZone', 'status', 'checkedIn', 'checkedInAt', 'cancelledAt', 'lateCancellation', 'durationMinutes',
  'bookings', 'cancelled', 'noShows', 'checkedInBookings', 'bookedMinutes', 'checkedInMinutes', 'availableMinutes',
  'utilisationPercent', 'checkedInPercent', 'cancellationRatePercent', 'noShowRatePercent',
] as const;
export type ReportCsvColumn = (typeof REPORT_CSV_COLUMNS)[number];
export type ReportCsvRecord = Partial<Record<ReportCsvColumn, CsvCell>>;

function bookingRecord(b: BookingLine): ReportCsvRecord {
  return {
    record: 'booking', siteId: b.siteId, spaceId: b.spaceId, spaceName: b.spaceName,
    bookingId: b.bookingId, bookerId: b.booker.userId, bookerName: b.booker.name, start: b.start, end: b.end, localStart: b.localStart, timeZone: b.timeZone,
    status: b.status, checkedIn: b.checkedIn, checkedInAt: b.checkedInAt, cancelledAt: b.cancelledAt, lateCancellation: b.lateCancellation,
    durationMinutes: b.durationMinutes, checkedInMinutes: b.checkedInMinutes,
  };
}

function usageRecord(u: PersonUsage | UsageSummary): ReportCsvRecord {
  const record: ReportCsvRecord = {
    bookings: u.bookings, cancelled: u.cancelled, noShows: u.noShows, checkedInBookings: u.checkedIn, bookedMinutes: u.bookedMinutes, checkedInMinutes: u.checkedInMinutes,
    cancellationRatePercent: u.cancellationRatePercent, noShowRatePercent: u.noShowRatePercent,
  };
  if ('availableMinutes' in u) Object.assign(record, { availableMinutes: u.availableMinutes, utilisationPercent: u.utilisationPercent, checkedInPercent: u.checkedInPercent });
  return record;
}

/** The report's records: bookings first (by start), then per-space usage, then the total. */
export function reportCsvRecords(report: Report): ReportCsvRecord[] {
  switch (report.report) {
    case 'space': {
      const { space } = report;
      return [
        ...report.bookings.map(bookingRecord),
        { record: 'space', siteId: space.siteId, spaceId: space.spaceId, spaceName: space.spaceName, spaceKind: space.kind, retired: space.retired, timeZone: space.timeZone, ...usageRecord(space.usage) },
      ];
    }
    case 'site':
      return [
        ...report.spaces.map((s): ReportCsvRecord => ({ record: 'space', siteId: s.siteId, spaceId: s.spaceId, spaceName: s.spaceName, spaceKind: s.kind, retired: s.retired, ...usageRecord(s.usage) })),
        { record: 'site', siteId: report.site.siteId, timeZone: report.site.timeZone, ...usageRecord(report.total) },
      ];
    case 'person':
      return [
        ...report.bookings.map(bookingRecord),
        ...report.spaces.map((s): ReportCsvRecord => ({ record: 'space', siteId: s.siteId, spaceId: s.spaceId, spaceName: s.spaceName, bookerId: report.person.userId, bookerName: report.person.name, ...usageRecord(s.usage) })),
        { record: 'person', bookerId: report.person.userId, bookerName: report.person.name, ...usageRecord(report.total) },
      ];
    default:
      return assertNever(report);
  }
}

/** RFC 4180 text of the report (header record, then reportCsvRecords). */
export function reportCsv(report: Report): string {
  return toCsv(REPORT_CSV_COLUMNS, reportCsvRecords(report).map((r) => REPORT_CSV_COLUMNS.map((c) => r[c] ?? null)));
}
