import { useT } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';

/** Which zone the calendar's times are in, and the site's when it differs. */
export function ZoneNote({ siteTimeZone, extra }: { siteTimeZone?: string; extra?: string }) {
  const t = useT();
  const time = useTime();
  const text =
    siteTimeZone && siteTimeZone !== time.timeZone
      ? t('calendar.zoneNote', { zone: time.zoneLabel(), siteZone: time.zoneLabel(siteTimeZone) })
      : t('time.yourZone', { zone: time.zoneLabel() });
  return (
    <p className="cal-zone muted" data-testid="calendar-zone">
      {text}
      {extra ? ` · ${extra}` : ''}
    </p>
  );
}
