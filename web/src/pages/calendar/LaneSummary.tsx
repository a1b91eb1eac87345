import { useMemo } from 'react';
import { Link } from '../../app/router.js';
import { useI18n } from '../../i18n/i18n.js';
import { coveredMinutesByDay, dayMinutes, type CalendarLane } from './calendar-grid.js';
import { dateOnly } from './MonthGrid.js';

/**
 * The site's week or month at a glance: a table of spaces by days, each cell the busy hours of
 * that space that day, shaded by the share of its open time they take; a cell opens the day.
 */
export function LaneSummary({ lanes, days, timeZone, today, caption, onOpenDay }: { lanes: CalendarLane[]; days: string[]; timeZone: string; today: string; caption: string; onOpenDay(date: string): void }) {
  const { t, locale } = useI18n();
  const fmt = useMemo(
    () => ({
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }),
      full: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
      hours: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }),
    }),
    [locale],
  );
  const rows = useMemo(
    () =>
      lanes.map((lane) => {
        const busy = coveredMinutesByDay(days, lane.intervals.filter((i) => i.kind !== 'closed'), timeZone);
        const closed = coveredMinutesByDay(days, lane.intervals.filter((i) => i.kind === 'closed'), timeZone);
        return { lane, cells: days.map((d) => ({ day: d, busy: busy.get(d)!, open: dayMinutes(d, timeZone) - closed.get(d)! })) };
      }),
    [lanes, days, timeZone],
  );
  return (
    <div className="table-scroll cal-summary-scroll">
      <table className="cal-summary">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('calendar.space')}</th>
            {days.map((d) => (
              <th scope="col" key={d} className={d === today ? 'cal-today' : undefined} aria-current={d === today ? 'date' : undefined}>
                <abbr title={fmt.full.format(dateOnly(d))}>
                  {fmt.weekday.format(dateOnly(d))} {Number(d.slice(8))}
                </abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(({ lane, cells }) => (
            <tr key={lane.id}>
              <th scope="row">{lane.href ? <Link to={lane.href}>{lane.label}</Link> : lane.label}</th>
              {cells.map((c) => {
                const hours = fmt.hours.format(c.busy / 60);
                const share = c.open > 0 ? Math.min(1, c.busy / c.open) : 0;
                return (
                  <td key={c.day} className={c.open > 0 ? undefined : 'cal-summary-closed'}>
                    <button
                      type="button"
                      className="cal-summary-cell"
                      style={{ ['--cal-share' as string]: `${Math.round(share * 45)}%` }}
                      aria-label={t('calendar.summary.cell', { space: lane.label, day: fmt.full.format(dateOnly(c.day)), hours })}
                      data-testid="summary-cell"
                      data-space={lane.id}
                      data-day={c.day}
                      onClick={() => onOpenDay(c.day)}
                    >
                      {c.open > 0 || c.busy > 0 ? t('calendar.summary.hours', { hours }) : '–'}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
