import { useMemo } from 'react';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { formatInstant, formatRange, zoneLabel } from './format.js';
import { browserTimeZone } from './zoned-time.js';

/** The viewer's zone and locale with formatters bound to them. */
export function useTime() {
  const { user } = useSession();
  const { locale, t } = useI18n();
  const timeZone = user?.timeZone && user.timeZone !== 'UTC' ? user.timeZone : browserTimeZone();
  return useMemo(
    () => ({
      timeZone,
      locale,
      format: (instant: Date | string, style?: Parameters<typeof formatInstant>[3]) => formatInstant(instant, locale, timeZone, style),
      range: (start: Date | string, end: Date | string) => formatRange(start, end, locale, timeZone),
      /** "Site time: 14:00 (Tokyo (GMT+9))" when the site's zone differs from the viewer's, else null. */
      siteNote: (instant: Date | string, siteTimeZone: string | undefined) =>
        siteTimeZone && siteTimeZone !== timeZone ? t('time.siteZone', { time: formatInstant(instant, locale, siteTimeZone, 'dateTime'), zone: zoneLabel(siteTimeZone, locale) }) : null,
      zoneLabel: (zone: string = timeZone) => zoneLabel(zone, locale),
    }),
    [timeZone, locale, t],
  );
}
