import { nextDate, toLocal, zonedToInstant } from '../../shared/domain/time-zone.js';
import type { NotificationSettings } from '../../identity/domain/identity.events.js';

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

/**
 * When the quiet hours that `now` falls in end (epoch ms), or null when `now` is outside them
 * (or there are none). Quiet hours are wall-clock times in the person's zone, so "22:00–07:00"
 * spans midnight and stays 22:00–07:00 local across DST changes: an end that falls in a
 * spring-forward gap is moved forward by the gap, one that occurs twice (fall-back) is the first.
 */
export function quietHoursEnd(now: number, quietHours: NotificationSettings['quietHours'], timeZone: string): number | null {
  if (quietHours === null) return null;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return null;
  const local = toLocal(now, timeZone);
  const minute = local.minuteOfDay;
  let endDate: string;
  if (start < end) {
    if (minute < start || minute >= end) return null;
    endDate = local.date;
  } else if (minute >= start) {
    endDate = nextDate(local.date);
  } else if (minute < end) {
    endDate = local.date;
  } else {
    return null;
  }
  const ends = zonedToInstant(endDate, end, timeZone);
  // In a fall-back hour the end's first occurrence can lie behind us: then they are over.
  return ends > now ? ends : null;
}
