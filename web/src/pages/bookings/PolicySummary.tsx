import type { BookingPolicy, OpeningWindow, Space } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { zoneLabel } from '../../time/format.js';
import { timeOfDay, WEEKDAYS, weekdayName } from '../spaces/opening-hours.js';
import { formatDuration } from './format-duration.js';

/** "Mon–Fri 08:00–20:00", one entry per run of days with the same windows; closed days are left out. */
export function openingHoursText(hours: NonNullable<BookingPolicy['openingHours']>, locale: string): string[] {
  const dayName = (i: number) => weekdayName(i + 1, locale, 'short');
  const windows = (list: OpeningWindow[] | undefined) => (list ?? []).map((w) => `${timeOfDay(w.open, locale)}–${timeOfDay(w.close, locale)}`).join(', ');
  const runs: { from: number; to: number; text: string }[] = [];
  WEEKDAYS.forEach((day, i) => {
    const text = windows(hours[day]);
    const last = runs.at(-1);
    if (last && last.to === i - 1 && last.text === text) last.to = i;
    else runs.push({ from: i, to: i, text });
  });
  return runs.filter((r) => r.text).map((r) => `${r.from === r.to ? dayName(r.from) : `${dayName(r.from)}–${dayName(r.to)}`} ${r.text}`);
}

/** The space's booking policy in words, so people know the rules before the preview tells them. */
export function PolicySummary({ space }: { space: Space }) {
  const { t, locale } = useI18n();
  const p = space.policy;
  const d = (minutes: number) => formatDuration(minutes, locale);
  const hours = p.openingHours ? openingHoursText(p.openingHours, locale) : null;
  return (
    <ul className="bookings-policy">
      <li>{t('bookings.policy.capacity', { count: space.capacity })}</li>
      <li>
        {hours === null ? t('bookings.policy.alwaysOpen') : hours.length === 0 ? t('bookings.policy.neverOpen') : t('bookings.policy.open', { hours: hours.join('; '), zone: zoneLabel(space.timeZone, locale) })}
      </li>
      <li>
        {p.minDurationMinutes === p.maxDurationMinutes
          ? t('bookings.policy.exactLength', { length: d(p.minDurationMinutes), step: d(p.slotMinutes) })
          : t('bookings.policy.length', { min: d(p.minDurationMinutes), max: d(p.maxDurationMinutes), step: d(p.slotMinutes) })}
      </li>
      <li>{t('bookings.policy.advance', { count: p.maxAdvanceDays })}</li>
      <li>{p.changeDeadlineMinutes > 0 ? t('bookings.policy.deadline', { before: d(p.changeDeadlineMinutes) }) : t('bookings.policy.noDeadline')}</li>
      {p.bufferMinutes > 0 && <li>{t('bookings.policy.buffer', { buffer: d(p.bufferMinutes) })}</li>}
      <li>{p.approvalRequired ? t('bookings.policy.approval') : t('bookings.policy.instant')}</li>
    </ul>
  );
}
