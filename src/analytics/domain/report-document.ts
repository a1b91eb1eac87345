import { assertNever } from '../../shared/domain/decider.js';
import { toLocal } from '../../shared/domain/time-zone.js';
import type { BookingLine, PersonRef, PersonUsage, Report, UsageSummary } from './report.js';

/**
 * A report as people read it: a title, a few lines saying what it covers, then sections of
 * tables whose cells are already formatted for display. The PDF renderer lays it out; the
 * report modules build it from the same figures their JSON and CSV carry.
 */
export interface ReportDocument {
  title: string;
  /** Under the title: scope, period, time zone, when it was made. */
  lines: readonly string[];
  sections: readonly ReportSection[];
  /** After the last section: how figures are computed, what was left out. */
  notes?: readonly string[];
}

export interface ReportSection {
  heading: string;
  columns: readonly ReportColumn[];
  rows: readonly (readonly string[])[];
  /** Shown when there are no rows. */
  empty?: string;
  /** Columns as wide as their content instead of filling the page (a short list of figures). */
  compact?: boolean;
}

export interface ReportColumn {
  label: string;
  /** Numbers are right-aligned. */
  align?: 'left' | 'right';
}

/** `yyyy-mm-ddTHH:mm` → `yyyy-mm-dd HH:mm`. */
function localText(local: string): string {
  return local.replace('T', ' ');
}

function localEnd(line: BookingLine): string {
  const end = toLocal(Date.parse(line.end), line.timeZone);
  const hhmm = `${String(Math.floor(end.minuteOfDay / 60)).padStart(2, '0')}:${String(end.minuteOfDay % 60).padStart(2, '0')}`;
  return end.date === line.localStart.slice(0, 10) ? hhmm : `${end.date} ${hhmm}`;
}

/** Minutes as hours and minutes, `h:mm`. */
export function hoursText(minutes: number): string {
  const rounded = Math.round(minutes);
  return `${Math.floor(rounded / 60)}:${String(rounded % 60).padStart(2, '0')}`;
}

const percentText = (p: number | null) => (p === null ? '-' : `${p.toFixed(2)} %`);
const personText = (p: PersonRef) => p.name ?? p.userId;
const statusText = (s: string) => s.replaceAll('_', ' ');
const periodLines = (r: Report) => [
  `Period: ${r.period.from} up to ${r.period.to} (end excluded)${/T/.test(r.period.from) ? '' : ", local dates in each site's time zone"}.`,
  `Generated ${r.generatedAt}.`,
];

function summarySection(heading: string, u: UsageSummary | PersonUsage): ReportSection {
  const rows: string[][] = [
    ['Bookings', String(u.bookings)],
    ['Cancelled', `${u.cancelled} (${percentText(u.cancellationRatePercent)})`],
    ['No-shows', `${u.noShows} (${percentText(u.noShowRatePercent)} of bookings due)`],
    ['Checked in', String(u.checkedIn)],
    ['Booked time (h:mm)', hoursText(u.bookedMinutes)],
    ['Checked-in time (h:mm)', hoursText(u.checkedInMinutes)],
  ];
  if ('availableMinutes' in u) {
    rows.push(['Available time (h:mm)', hoursText(u.availableMinutes)], ['Utilisation (booked / available)', percentText(u.utilisationPercent)], ['Used (checked in / available)', percentText(u.checkedInPercent)]);
  }
  return { heading, columns: [{ label: 'Figure' }, { label: 'Value', align: 'right' }], rows, compact: true };
}

function bookingsSection(lines: readonly BookingLine[], withSpace: boolean): ReportSection {
  const columns: ReportColumn[] = [
    { label: 'Start (local)' }, { label: 'End' }, { label: 'Min', align: 'right' },
    ...(withSpace ? [{ label: 'Space' }] : []), { label: 'Booker' }, { label: 'Status' }, { label: 'Checked in' },
  ];
  return {
    heading: `Bookings (${lines.length})`,
    columns,
    empty: 'No bookings in this period.',
    rows: lines.map((b) => [
      localText(b.localStart), localEnd(b), String(b.durationMinutes),
      ...(withSpace ? [b.spaceName] : []), personText(b.booker), statusText(b.status) + (b.lateCancellation ? ' (late)' : ''), b.checkedInAt === null ? '' : 'yes',
    ]),
  };
}

const USAGE_COLUMNS: ReportColumn[] = [
  { label: 'Bookings', align: 'right' }, { label: 'Cancel %', align: 'right' }, { label: 'No-show %', align: 'right' },
  { label: 'Booked h', align: 'right' }, { label: 'Avail. h', align: 'right' }, { label: 'Util. %', align: 'right' }, { label: 'Used %', align: 'right' },
];
const usageCells = (u: UsageSummary) => [
  String(u.bookings), percentText(u.cancellationRatePercent), percentText(u.noShowRatePercent),
  hoursText(u.bookedMinutes), hoursText(u.availableMinutes), percentText(u.utilisationPercent), percentText(u.checkedInPercent),
];

const NOTES = [
  'Bookings: those starting in the period that got a slot. Booked time: minutes of the period held by bookings not cancelled, without turnover buffers.',
  'Available time: opening hours minus blackouts. No-show rate: of the bookings not cancelled. Text outside Latin-1 is shown without accents or as "?".',
];

/** The report as printed: title, what it covers, summary and tables. */
export function reportDocument(report: Report): ReportDocument {
  switch (report.report) {
    case 'space': {
      const { space } = report;
      return {
        title: `Space report: ${space.spaceName}`,
        lines: [`Space ${space.spaceId} (${space.kind}${space.retired ? ', retired' : ''}).`, `Site ${space.siteId}, time zone ${space.timeZone}.`, ...periodLines(report)],
        sections: [summarySection('Summary', space.usage), bookingsSection(report.bookings, false)],
        notes: NOTES,
      };
    }
    case 'site':
      return {
        title: `Site report: ${report.site.name}`,
        lines: [`Site ${report.site.siteId}, ${report.spaces.length} spaces, time zone ${report.site.timeZone}.`, ...periodLines(report)],
        sections: [
          summarySection('Site total', report.total),
          {
            heading: 'Spaces',
            columns: [{ label: 'Space' }, { label: 'Kind' }, ...USAGE_COLUMNS],
            empty: 'The site has no spaces.',
            rows: report.spaces.map((s) => [s.spaceName + (s.retired ? ' (retired)' : ''), s.kind, ...usageCells(s.usage)]),
          },
        ],
        notes: NOTES,
      };
    case 'person':
      return {
        title: `Person report: ${personText(report.person)}`,
        lines: [`Person ${report.person.userId}.`, ...(report.sites === null ? [] : [`Bookings on sites ${report.sites.join(', ')} only.`]), ...periodLines(report)],
        sections: [
          summarySection('Total', report.total),
          {
            heading: 'Per space',
            columns: [{ label: 'Space' }, { label: 'Bookings', align: 'right' }, { label: 'Cancelled', align: 'right' }, { label: 'No-shows', align: 'right' }, { label: 'Checked in', align: 'right' }, { label: 'Booked h', align: 'right' }],
            empty: 'No bookings in this period.',
            rows: report.spaces.map((s) => [s.spaceName, String(s.usage.bookings), String(s.usage.cancelled), String(s.usage.noShows), String(s.usage.checkedIn), hoursText(s.usage.bookedMinutes)]),
          },
          bookingsSection(report.bookings, true),
        ],
        notes: NOTES,
      };
    default:
      return assertNever(report);
  }
}
