import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-parse.js';
import { periodProblem, usageSummary } from './report.js';
import { REPORT_CSV_COLUMNS, reportCsv, reportCsvRecords } from './report-csv.js';
import { PERSON_REPORT, SPACE_REPORT, siteReport } from './report-fixtures.js';

/** A parsed CSV as objects by column, with the formula guard taken off again. */
function parsed(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!.replace(/^'(?=[=+\-@\t\r])/, '')])));
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));

describe('report CSV', () => {
  it('has one header and the same columns on every record', () => {
    const records = parseCsv(reportCsv(SPACE_REPORT));
    expect(records[0]).toEqual([...REPORT_CSV_COLUMNS]);
    for (const r of records) expect(r).toHaveLength(REPORT_CSV_COLUMNS.length);
  });

  it('space report: a record per booking, then the space with its usage, carrying the JSON values', () => {
    const rows = parsed(reportCsv(SPACE_REPORT));
    expect(rows.map((r) => r.record)).toEqual(['booking', 'booking', 'booking', 'booking', 'space']);
    SPACE_REPORT.bookings.forEach((b, i) => {
      const r = rows[i]!;
      expect(r).toMatchObject({ bookingId: b.bookingId, bookerId: b.booker.userId, bookerName: cell(b.booker.name), start: b.start, end: b.end, status: b.status });
      expect(r.checkedIn).toBe(String(b.checkedIn));
      expect(Number(r.durationMinutes)).toBe(b.durationMinutes);
    });
    const u = SPACE_REPORT.space.usage;
    expect(rows[4]).toMatchObject({ spaceName: SPACE_REPORT.space.spaceName, bookings: '4', cancelled: '1', noShows: '1', bookedMinutes: '330', availableMinutes: '7440' });
    expect(Number(rows[4]!.utilisationPercent)).toBe(u.utilisationPercent);
    expect(Number(rows[4]!.noShowRatePercent)).toBe(u.noShowRatePercent);
  });

  it('guards a booker name that looks like a formula', () => {
    expect(reportCsv(SPACE_REPORT)).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });

  it('site report: a record per space and a site total equal to their sum', () => {
    const report = siteReport(40);
    const rows = parsed(reportCsv(report));
    expect(rows).toHaveLength(41);
    const spaces = rows.filter((r) => r.record === 'space');
    const site = rows.find((r) => r.record === 'site')!;
    for (const column of ['bookings', 'cancelled', 'noShows', 'bookedMinutes', 'availableMinutes'] as const) {
      expect(Number(site[column])).toBe(spaces.reduce((sum, r) => sum + Number(r[column]), 0));
    }
    // Spaces with no available time have no utilisation: an empty field, null in JSON.
    expect(spaces[0]!.utilisationPercent).toBe('');
    expect(report.spaces[0]!.usage.utilisationPercent).toBeNull();
  });

  it('person report: bookings, per-space records and the total, with no availability columns', () => {
    const records = reportCsvRecords(PERSON_REPORT);
    expect(records.map((r) => r.record)).toEqual(['booking', 'booking', 'booking', 'booking', 'booking', 'space', 'space', 'person']);
    expect(records.at(-1)).toMatchObject({ bookings: 5, cancelled: 1, noShows: 1, bookerName: 'Åsa Ødegård' });
    expect(records.at(-1)!.availableMinutes).toBeUndefined();
  });
});

describe('usage and periods', () => {
  it('works out rates from counts, with null for an empty whole', () => {
    expect(usageSummary({ bookings: 3, cancelled: 1, noShows: 1, checkedIn: 1, bookedMinutes: 100, checkedInMinutes: 50, availableMinutes: 300 })).toMatchObject({
      utilisationPercent: 33.33,
      checkedInPercent: 16.67,
      cancellationRatePercent: 33.33,
      noShowRatePercent: 50,
    });
    expect(usageSummary({ bookings: 0, cancelled: 0, noShows: 0, checkedIn: 0, bookedMinutes: 0, checkedInMinutes: 0, availableMinutes: 0 })).toMatchObject({
      utilisationPercent: null,
      cancellationRatePercent: null,
      noShowRatePercent: null,
    });
  });

  it('accepts dates or instants up to two years, in order', () => {
    expect(periodProblem({ from: '2026-01-01', to: '2027-01-01' })).toBeNull();
    expect(periodProblem({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00+01:00' })?.message).toMatch(/after/);
    expect(periodProblem({ from: '2026-02-01', to: '2026-01-01' })).toEqual({ field: 'to', message: 'must be after from' });
    expect(periodProblem({ from: '2024-01-01', to: '2026-01-02' })?.message).toMatch(/at most 731 days/);
    expect(periodProblem({ from: '2026-01-01', to: '2026-02-01T00:00:00Z' })?.message).toMatch(/both as dates/);
  });
});
