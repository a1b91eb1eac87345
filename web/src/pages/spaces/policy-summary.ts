import type { BookingPolicy, OpeningWindow } from '../../api/types.js';
import type { Translate } from '../../i18n/i18n.js';
import { formatInstant } from '../../time/format.js';

const UNITS = [
  ['day', 1440],
  ['hour', 60],
  ['minute', 1],
] as const;

/** 90 → "1 hour, 30 minutes"; 2880 → "2 days" (Intl's own unit words, so every language reads right). Positive minutes. */
export function formatDuration(minutes: number, locale: string): string {
  const parts: string[] = [];
  let rest = minutes;
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(n));
  }
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(parts);
}

/** The booking rules of a space as sentences, in the order people weigh them. */
export function policySentences(policy: BookingPolicy, t: Translate, locale: string): string[] {
  const d = (minutes: number) => formatDuration(minutes, locale);
  return [
    policy.approvalRequired ? t('spaces.policy.approval') : t('spaces.policy.instant'),
    policy.minDurationMinutes === policy.maxDurationMinutes
      ? t('spaces.policy.durationFixed', { duration: d(policy.minDurationMinutes) })
      : t('spaces.policy.duration', { min: d(policy.minDurationMinutes), max: d(policy.maxDurationMinutes) }),
    t('spaces.policy.slot', { slot: d(policy.slotMinutes) }),
    t('spaces.policy.advance', { ahead: d(policy.maxAdvanceDays * 1440) }),
    policy.changeDeadlineMinutes > 0 ? t('spaces.policy.deadline', { deadline: d(policy.changeDeadlineMinutes) }) : t('spaces.policy.deadlineNone'),
    ...(policy.bufferMinutes > 0 ? [t('spaces.policy.buffer', { buffer: d(policy.bufferMinutes) })] : []),
  ];
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Minutes after midnight as the locale writes a time of day (1440, the closing midnight, as 00:00). */
function timeOfDay(minutes: number, locale: string): string {
  return formatInstant(new Date(Date.UTC(2024, 0, 1, 0, minutes % 1440)), locale, 'UTC', 'time');
}

function windowText(w: OpeningWindow, t: Translate, locale: string): string {
  return w.open === 0 && w.close === 1440 ? t('spaces.allDay') : `${timeOfDay(w.open, locale)}–${timeOfDay(w.close, locale)}`;
}

/** One row per weekday, Monday first: its name and its hours ("Closed" when it has none); null when always open. */
export function openingHoursRows(openingHours: BookingPolicy['openingHours'], t: Translate, locale: string): Array<{ day: string; hours: string }> | null {
  if (openingHours === null) return null;
  const dayName = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return WEEKDAYS.map((key, i) => {
    const windows = [...(openingHours[key] ?? [])].sort((a, b) => a.open - b.open);
    // 1 January 2024 was a Monday.
    const name = dayName.format(new Date(Date.UTC(2024, 0, 1 + i)));
    // Russian and Portuguese write weekdays in lower case; as a row heading they start a sentence.
    const day = name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    return { day, hours: windows.length ? windows.map((w) => windowText(w, t, locale)).join(', ') : t('spaces.closed') };
  });
}
