import { toWallClock } from './zoned-time.js';

type Style = 'date' | 'time' | 'dateTime' | 'weekdayDate' | 'monthYear';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  weekdayDate: { weekday: 'short', day: 'numeric', month: 'short' },
  monthYear: { month: 'long', year: 'numeric' },
};

const formatters = new Map<string, Intl.DateTimeFormat>();

export function formatInstant(instant: Date | string, locale: string, timeZone: string, style: Style = 'dateTime'): string {
  const key = `${locale}|${timeZone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone });
    formatters.set(key, f);
  }
  return f.format(new Date(instant));
}

/** "Mon, 3 Mar 09:00–10:30", or both dates when the range spans days. */
export function formatRange(start: Date | string, end: Date | string, locale: string, timeZone: string): string {
  const sameDay = toWallClock(start, timeZone).date === toWallClock(end, timeZone).date;
  return sameDay
    ? `${formatInstant(start, locale, timeZone, 'weekdayDate')} ${formatInstant(start, locale, timeZone, 'time')}–${formatInstant(end, locale, timeZone, 'time')}`
    : `${formatInstant(start, locale, timeZone, 'dateTime')} – ${formatInstant(end, locale, timeZone, 'dateTime')}`;
}

/** A short zone label for people: "Lisbon (GMT+1)". */
export function zoneLabel(timeZone: string, locale: string, at: Date = new Date()): string {
  const city = timeZone.split('/').pop()!.replace(/_/g, ' ');
  const offset = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${city} (${offset})` : city;
}
