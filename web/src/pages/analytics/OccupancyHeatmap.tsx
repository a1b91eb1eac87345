import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Heatmap } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { EmptyState } from '../../ui/Loading.js';
import { weekdayName } from '../spaces/opening-hours.js';
import { formatHours, formatPercent } from './figures.js';

export type HeatCell = Heatmap['cells'][number];

/** Colour step of a share: 0 nothing booked, 1–5 by fifths of 100 %, `closed` when never open. */
export function heatLevel(share: number | null): string {
  if (share === null) return 'closed';
  if (share <= 0) return '0';
  return String(1 + Math.min(4, Math.floor(share / 20)));
}

const LEVELS = ['0', '1', '2', '3', '4', '5', 'closed'] as const;
const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/**
 * Weekday × hour as a table (a grid for the keyboard: arrow keys move between cells). Colour shows
 * the share booked; the number is in each cell for screen readers and shows on hover or focus,
 * and the figures of the pointed cell are spelled out below.
 */
export function OccupancyHeatmap({ cells, caption }: { cells: HeatCell[]; caption: string }) {
  const { t, locale } = useI18n();
  const captionId = useId();
  const table = useRef<HTMLTableElement>(null);
  const [active, setActive] = useState<{ day: number; hour: number } | null>(null);
  const openHours = cells.filter((c) => c.availableMinutes > 0).map((c) => c.hour);
  if (openHours.length === 0) return <EmptyState>{t('analytics.heatmap.empty')}</EmptyState>;
  const first = Math.min(...openHours);
  const hours = Array.from({ length: Math.max(...openHours) - first + 1 }, (_, i) => first + i);
  const cell = (day: number, hour: number) => cells.find((c) => c.isoWeekday === day && c.hour === hour);
  const focus = active ?? { day: 1, hour: first };

  const describe = (c: HeatCell) => {
    const day = weekdayName(c.isoWeekday, locale, 'long');
    const range = `${hh(c.hour)}–${hh(c.hour + 1)}`;
    return c.sharePercent === null
      ? t('analytics.heatmap.closedCell', { day, hours: range })
      : t('analytics.heatmap.cell', { day, hours: range, share: formatPercent(c.sharePercent, locale), booked: formatHours(c.bookedMinutes, locale), open: formatHours(c.availableMinutes, locale) });
  };
  const move = (e: KeyboardEvent) => {
    const delta = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] }[e.key];
    const next = delta
      ? { day: Math.min(7, Math.max(1, focus.day + delta[0]!)), hour: Math.min(hours[hours.length - 1]!, Math.max(first, focus.hour + delta[1]!)) }
      : e.key === 'Home'
        ? { day: focus.day, hour: first }
        : e.key === 'End'
          ? { day: focus.day, hour: hours[hours.length - 1]! }
          : null;
    if (!next) return;
    e.preventDefault();
    setActive(next);
    table.current?.querySelector<HTMLElement>(`[data-cell="${next.day}-${next.hour}"]`)?.focus();
  };
  const shown = active && cell(active.day, active.hour);

  return (
    <div className="analytics-heatmap">
      {/* Outside the scrolling box (a <caption> would scroll away with the table on a phone). */}
      <p id={captionId} className="muted analytics-heat-caption">
        {caption}
      </p>
      <div className="table-scroll">
        <table ref={table} role="grid" aria-labelledby={captionId} className="analytics-heat-table" onKeyDown={move}>
          <thead>
            <tr>
              <td />
              {hours.map((hour) => (
                <th key={hour} scope="col" abbr={hh(hour)}>
                  {String(hour).padStart(2, '0')}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {[1, 2, 3, 4, 5, 6, 7].map((day) => (
              <tr key={day}>
                <th scope="row" abbr={weekdayName(day, locale, 'long')}>
                  {weekdayName(day, locale, 'short')}
                </th>
                {hours.map((hour) => {
                  const c = cell(day, hour);
                  const share = c?.sharePercent ?? null;
                  return (
                    <td
                      key={hour}
                      data-cell={`${day}-${hour}`}
                      className={`heat heat-${heatLevel(share)}`}
                      tabIndex={focus.day === day && focus.hour === hour ? 0 : -1}
                      title={c ? describe(c) : undefined}
                      onFocus={() => setActive({ day, hour })}
                      onMouseEnter={() => setActive({ day, hour })}
                    >
                      <span className="heat-value">{share === null ? t('analytics.heatmap.closed') : Math.round(share)}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="analytics-heat-detail" aria-live="polite">
        {shown ? describe(shown) : t('analytics.heatmap.hint')}
      </p>
      <ul className="analytics-heat-legend" aria-label={t('analytics.heatmap.legend')}>
        {LEVELS.map((level) => (
          <li key={level}>
            <span className={`heat heat-${level}`} aria-hidden="true" />
            {t(`analytics.heatmap.level.${level}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
