import { addDays } from '../../time/zoned-time.js';

/** The server's limit on a report period (src/analytics/domain/report.ts; runtime code of src/ is not imported here). */
export const MAX_REPORT_DAYS = 731;

/** A report period as the API takes it: local dates of the site, `from` included, `to` excluded. */
export interface Period {
  from: string;
  to: string;
}

export type BucketSize = 'day' | 'week' | 'month';

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** Days in [from, to). */
export function periodDays(period: Period): number {
  return dayNumber(period.to) - dayNumber(period.from);
}

/** What is wrong with a period people typed (both days included), or null. */
export function periodProblem(fromDay: string, lastDay: string): 'missing' | 'order' | 'tooLong' | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(fromDay) || !/^\d{4}-\d{2}-\d{2}$/.test(lastDay)) return 'missing';
  const days = periodDays({ from: fromDay, to: addDays(lastDay, 1) });
  if (days < 1) return 'order';
  return days > MAX_REPORT_DAYS ? 'tooLong' : null;
}

/**
 * The period cut into the steps of an "over time" chart: days up to a month, weeks (from `from`)
 * up to half a year, calendar months beyond, so a chart has at most about 30 points.
 */
export function trendBuckets(period: Period): { size: BucketSize; buckets: Period[] } {
  const days = periodDays(period);
  const size: BucketSize = days <= 31 ? 'day' : days <= 26 * 7 ? 'week' : 'month';
  const buckets: Period[] = [];
  for (let from = period.from; from < period.to; ) {
    const next = size === 'day' ? addDays(from, 1) : size === 'week' ? addDays(from, 7) : firstOfNextMonth(from);
    const to = next < period.to ? next : period.to;
    buckets.push({ from, to });
    from = to;
  }
  return { size, buckets };
}

function firstOfNextMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** A local date for people ("3 Mar 2026"); dates carry no zone, so they are formatted as UTC noon. */
export function formatDay(date: string, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));
}
