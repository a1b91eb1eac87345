import type { BookingPolicy, OpeningWindow } from '../../api/types.js';
import type { Translate } from '../../i18n/i18n.js';
import { formatDuration } from '../bookings/format-duration.js';
import { timeOfDay, WEEKDAYS, weekdayName } from './opening-hours.js';

/** The booking rules of a space as sentences, in the order people weigh them. */
export function policySentences(policy: BookingPolicy, t: Translate, locale: string): string[] {
  const d = (minutes: number) => formatDuration(minutes, locale, 'long');
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

function windowText(w: OpeningWindow, t: Translate, locale: string): string {
  return w.open === 0 && w.close === 1440 ? t('spaces.allDay') : `${timeOfDay(w.open, locale)}–${timeOfDay(w.close, locale)}`;
}

/** One row per weekday, Monday first: its name and its hours ("Closed" when it has none); null when always open. */
export function openingHoursRows(openingHours: BookingPolicy['openingHours'], t: Translate, locale: string): Array<{ day: string; hours: string }> | null {
  if (openingHours === null) return null;
  return WEEKDAYS.map((key, i) => {
    const windows = [...(openingHours[key] ?? [])].sort((a, b) => a.open - b.open);
    const name = weekdayName(i + 1, locale, 'long');
    // Russian and Portuguese write weekdays in lower case; as a row heading they start a sentence.
    const day = name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    return { day, hours: windows.length ? windows.map((w) => windowText(w, t, locale)).join(', ') : t('spaces.closed') };
  });
}
