import type { PersonReport } from '../../api/types.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import type { Usage } from './analytics-requests.js';
import { formatNumber, formatHours, formatPercent } from './figures.js';

type Figures = PersonReport['total'] & Partial<Usage>;

/** The key figures of a report (a person report has no open time, so no utilisation). */
export function UsageFigures({ usage }: { usage: Figures }) {
  const { t, locale } = useI18n();
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatPercent(v, locale));
  const items: [MessageKey, string, string?][] = [];
  if (usage.availableMinutes !== undefined)
    items.push(['analytics.fig.utilisation', pct(usage.utilisationPercent), t('analytics.fig.ofOpen', { open: formatHours(usage.availableMinutes, locale) })]);
  items.push(
    ['analytics.fig.bookings', formatNumber(usage.bookings, locale)],
    ['analytics.fig.booked', formatHours(usage.bookedMinutes, locale)],
    ['analytics.fig.cancelled', formatNumber(usage.cancelled, locale), pct(usage.cancellationRatePercent)],
    ['analytics.fig.noShows', formatNumber(usage.noShows, locale), pct(usage.noShowRatePercent)],
    ['analytics.fig.checkedIn', formatNumber(usage.checkedIn, locale), formatHours(usage.checkedInMinutes, locale)],
  );
  return (
    <dl className="analytics-figures">
      {items.map(([label, value, note]) => (
        <div key={label}>
          <dt>{t(label)}</dt>
          <dd>
            <strong>{value}</strong>
            {note && <span className="muted"> {note}</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
