import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { countsByDay, type CalendarInterval, type IntervalKind } from './calendar-grid.js';

const COUNTED: Exclude<IntervalKind, 'closed'>[] = ['mine', 'booking', 'busy', 'blackout'];

/** A calendar date as a Date that formats as that date in UTC (dates carry no zone). */
export const dateOnly = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * The month as weeks of days (an ARIA grid, arrow keys move by day and week); each day says how
 * many intervals of each kind touch it and opens that day.
 */
export function MonthGrid({ month, days, intervals, timeZone, today, label, onOpenDay }: { month: string; days: string[]; intervals: CalendarInterval[]; timeZone: string; today: string; label: string; onOpenDay(date: string): void }) {
  const { t, locale } = useI18n();
  const counts = useMemo(() => countsByDay(days, intervals, timeZone), [days, intervals, timeZone]);
  const fmt = useMemo(
    () => ({
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }),
      full: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
    }),
    [locale],
  );
  const inMonth = (d: string) => d.slice(0, 7) === month.slice(0, 7);
  const [focusDay, setFocusDay] = useState<string | null>(null);
  const tabStop = focusDay && days.includes(focusDay) ? focusDay : days.includes(today) ? today : days.find(inMonth)!;
  const gridRef = useRef<HTMLDivElement>(null);
  const wantFocus = useRef(false);
  useEffect(() => {
    if (!wantFocus.current) return;
    wantFocus.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-day="${tabStop}"]`)?.focus();
  }, [tabStop]);

  const onKeyDown = (e: KeyboardEvent) => {
    const day = (e.target as HTMLElement).dataset.day;
    const steps: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
    if (!day || !(e.key in steps)) return;
    const next = days[days.indexOf(day) + steps[e.key]!];
    if (!next) return;
    e.preventDefault();
    wantFocus.current = true;
    setFocusDay(next);
  };

  const weeks = Array.from({ length: days.length / 7 }, (_, w) => days.slice(w * 7, w * 7 + 7));
  return (
    <div className="cal-month" role="grid" aria-label={label} ref={gridRef} onKeyDown={onKeyDown}>
      <div role="row" className="cal-month-row">
        {weeks[0]!.map((d) => (
          <div role="columnheader" key={d} className="cal-month-head">
            {fmt.weekday.format(dateOnly(d))}
          </div>
        ))}
      </div>
      {weeks.map((week) => (
        <div role="row" key={week[0]} className="cal-month-row">
          {week.map((d) => {
            const c = counts.get(d)!;
            const parts = COUNTED.filter((k) => c[k]).map((k) => ({ kind: k, count: c[k]!, text: t(`calendar.count.${k}`, { count: c[k]! }) }));
            return (
              <div role="gridcell" key={d} className={`cal-month-cell${inMonth(d) ? '' : ' cal-outside'}${d === today ? ' cal-today' : ''}`} aria-current={d === today ? 'date' : undefined}>
                <button
                  type="button"
                  className="cal-month-day"
                  data-day={d}
                  tabIndex={d === tabStop ? 0 : -1}
                  aria-label={`${fmt.full.format(dateOnly(d))}: ${parts.map((p) => p.text).join(', ') || t('calendar.count.none')}`}
                  onClick={() => onOpenDay(d)}
                >
                  <span className="cal-month-num" aria-hidden="true">
                    {Number(d.slice(8))}
                  </span>
                  {parts.map((p) => (
                    <span key={p.kind} className={`cal-count cal-count-${p.kind}`} aria-hidden="true">
                      <span className="cal-count-text">{p.text}</span>
                      <span className="cal-count-number">{p.count}</span>
                    </span>
                  ))}
                </button>
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}
