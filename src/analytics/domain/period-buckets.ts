import { localDate, nextDate, zonedToInstant } from '../../shared/domain/time-zone.js';
import { localDateTime, localHourOf } from './local-hours.js';

export type Granularity = 'hour' | 'day' | 'week' | 'month' | 'total';

/** A time bucket in one zone, as instants [startAt, endAt) clipped to the period, and its local label. */
export interface Bucket {
  startAt: number;
  endAt: number;
  /** Local `yyyy-mm-ddTHH:mm` of startAt. */
  label: string;
  /** Identifies the bucket whatever the clipping: hour → its start's epoch ms as text; day/week/month → its first local date; total → ''. */
  key: string;
}

const LOCAL_DATE = /^\d{4}-\d\d-\d\d$/;
/** An instant must say which zone it is in: `Z` or an offset. */
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

export function isPeriodBound(bound: string): boolean {
  return (LOCAL_DATE.test(bound) || INSTANT.test(bound)) && !Number.isNaN(Date.parse(LOCAL_DATE.test(bound) ? `${bound}T00:00:00Z` : bound));
}

/** A period bound as epoch ms: a local date is local midnight in `timeZone`, an instant is itself. */
export function resolveBound(bound: string, timeZone: string): number {
  if (!isPeriodBound(bound)) throw new Error(`not a local date (yyyy-mm-dd) or an instant with Z or an offset: ${JSON.stringify(bound)}`);
  return LOCAL_DATE.test(bound) ? zonedToInstant(bound, 0, timeZone) : Date.parse(bound);
}

function localMidnight(date: string, timeZone: string): number {
  return zonedToInstant(date, 0, timeZone);
}

/** The local date a bucket of `granularity` containing local date `date` starts on. */
function bucketDate(granularity: 'day' | 'week' | 'month', date: string): string {
  if (granularity === 'day') return date;
  if (granularity === 'month') return `${date.slice(0, 8)}01`;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(y, m - 1, d));
  const back = (utc.getUTCDay() + 6) % 7; // days since Monday
  return new Date(Date.UTC(y, m - 1, d - back)).toISOString().slice(0, 10);
}

function nextBucketDate(granularity: 'day' | 'week' | 'month', date: string): string {
  if (granularity === 'day') return nextDate(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const next = granularity === 'week' ? new Date(Date.UTC(y, m - 1, d + 7)) : new Date(Date.UTC(y, m, 1));
  return next.toISOString().slice(0, 10);
}

/**
 * The buckets of [from, to) in the zone's calendar: local hours, local days (23 to 25 hours
 * long around DST changes), ISO weeks from Monday 00:00, months, or the whole period. The first
 * and last are clipped to the period.
 */
export function periodBuckets(granularity: Granularity, from: number, to: number, timeZone: string): Bucket[] {
  const buckets: Bucket[] = [];
  if (from >= to) return buckets;
  const push = (start: number, end: number, key: string) => {
    const startAt = Math.max(from, start);
    const endAt = Math.min(to, end);
    if (startAt < endAt) buckets.push({ startAt, endAt, label: localDateTime(startAt, timeZone), key });
  };
  switch (granularity) {
    case 'total':
      push(from, to, '');
      break;
    case 'hour':
      for (let h = localHourOf(from, timeZone).hourStart; h < to; h = localHourOf(h + 3_600_000, timeZone).hourStart) push(h, h + 3_600_000, String(h));
      break;
    case 'day':
    case 'week':
    case 'month': {
      let date = bucketDate(granularity, localDate(from, timeZone));
      let start = localMidnight(date, timeZone);
      while (start < to) {
        const next = nextBucketDate(granularity, date);
        const end = localMidnight(next, timeZone);
        push(start, end, date);
        date = next;
        start = end;
      }
      break;
    }
  }
  return buckets;
}
