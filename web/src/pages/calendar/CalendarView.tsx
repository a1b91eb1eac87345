import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link } from '../../app/router.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatInstant } from '../../time/format.js';
import { today as todayIn } from '../../time/zoned-time.js';
import { CALENDAR_VIEWS, daySlots, shiftAnchor, visibleDays, type CalendarInterval, type CalendarLane, type CalendarViewKind, type IntervalKind } from './calendar-grid.js';
import { LaneSummary } from './LaneSummary.js';
import { MonthGrid, dateOnly } from './MonthGrid.js';
import { TimeGrid, type SelectRange, type TimeColumn } from './TimeGrid.js';
import './calendar.css';

export type { CalendarInterval, CalendarLane, CalendarViewKind, IntervalKind } from './calendar-grid.js';

export interface CalendarViewProps {
  view: CalendarViewKind;
  /** The date shown, YYYY-MM-DD in `timeZone`: the day, or any day of the week or month. */
  anchor: string;
  /** Previous / next / today: the new anchor date. */
  onNavigate(anchor: string): void;
  /** Another view; `anchor` when a day was opened from the week or month. */
  onViewChange(view: CalendarViewKind, anchor?: string): void;
  intervals?: CalendarInterval[];
  /** The viewer's zone (useTime().timeZone): every time is drawn in it. */
  timeZone: string;
  /** Several spaces side by side (day view), or as a busy-hours table (week and month). */
  lanes?: CalendarLane[];
  /** Makes free time selectable (drag, click, keyboard); ranges over any interval are refused. */
  onSelectRange?: SelectRange;
  /** The legend's kinds; by default the kinds shown. */
  legend?: IntervalKind[];
  loading?: boolean;
  /** The clock (tests fix it); the "now" line moves every minute otherwise. */
  now?: Date;
  headingLevel?: 2 | 3;
  /** Notes under the toolbar, such as the site's time zone. */
  children?: ReactNode;
}

function useMinuteClock(fixed: Date | undefined): number {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    if (fixed) return;
    const timer = window.setInterval(() => setTick(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, [fixed]);
  return fixed ? fixed.getTime() : tick;
}

/** Day, week and month views of intervals in the viewer's zone, with navigation, legend and range selection. */
export function CalendarView({ view, anchor, onNavigate, onViewChange, intervals = [], timeZone, lanes, onSelectRange, legend, loading, now: fixedNow, headingLevel = 2, children }: CalendarViewProps) {
  const { t, locale } = useI18n();
  const now = useMinuteClock(fixedNow);
  const today = todayIn(timeZone, new Date(now));
  const days = useMemo(() => visibleDays(view, anchor), [view, anchor]);
  // The week's day headers call the latest handler without rebuilding the columns.
  const viewChange = useRef(onViewChange);
  viewChange.current = onViewChange;

  const fmt = useMemo(
    () => ({
      full: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
      dayMonth: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }),
      weekdayLong: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }),
    }),
    [locale],
  );
  const title =
    view === 'day'
      ? fmt.full.format(dateOnly(anchor))
      : view === 'week'
        ? fmt.dayMonth.formatRange(dateOnly(days[0]!), dateOnly(days.at(-1)!))
        : formatInstant(dateOnly(anchor), locale, 'UTC', 'monthYear');

  const columns = useMemo<TimeColumn[] | null>(() => {
    if (view === 'month' || (lanes && view !== 'day')) return null;
    if (lanes) {
      const slots = daySlots(anchor, timeZone);
      return lanes.map((lane) => ({
        id: lane.id,
        laneId: lane.id,
        label: lane.label,
        header: lane.href ? <Link to={lane.href}>{lane.label}</Link> : lane.label,
        date: anchor,
        today: anchor === today,
        slots,
        intervals: lane.intervals,
      }));
    }
    return days.map((d) => ({
      id: d,
      label: fmt.weekdayLong.format(dateOnly(d)),
      header:
        view === 'week' ? (
          <button type="button" className="cal-dayhead" aria-label={t('calendar.openDay', { day: fmt.weekdayLong.format(dateOnly(d)) })} onClick={() => viewChange.current('day', d)}>
            <span>{fmt.weekday.format(dateOnly(d))}</span> <strong>{Number(d.slice(8))}</strong>
          </button>
        ) : (
          <span className="cal-dayhead">{fmt.weekdayLong.format(dateOnly(d))}</span>
        ),
      date: d,
      today: d === today,
      slots: daySlots(d, timeZone),
      intervals,
    }));
  }, [view, anchor, days, lanes, intervals, timeZone, today, fmt, t]);

  const shownKinds = legend ?? [...new Set([...intervals, ...(lanes ?? []).flatMap((l) => l.intervals)].map((i) => i.kind))];
  const Heading = `h${headingLevel}` as 'h2' | 'h3';
  const gridLabel = t('calendar.gridLabel', { title });

  return (
    <div className="cal" data-testid="calendar" data-view={view} data-anchor={anchor} aria-busy={loading || undefined} data-loading={loading ? 'true' : 'false'}>
      <div className="cal-toolbar">
        <div className="cal-nav" role="group" aria-label={t('calendar.navigation')}>
          <button type="button" className="secondary" aria-label={t(`calendar.prev.${view}`)} onClick={() => onNavigate(shiftAnchor(view, anchor, -1))}>
            <span aria-hidden="true">‹</span>
          </button>
          <button type="button" className="secondary" onClick={() => onNavigate(today)}>
            {t('calendar.today')}
          </button>
          <button type="button" className="secondary" aria-label={t(`calendar.next.${view}`)} onClick={() => onNavigate(shiftAnchor(view, anchor, 1))}>
            <span aria-hidden="true">›</span>
          </button>
        </div>
        <Heading className="cal-title" aria-live="polite">
          {title}
        </Heading>
        <div className="cal-views" role="group" aria-label={t('calendar.views')}>
          {CALENDAR_VIEWS.map((v) => (
            <button key={v} type="button" className={v === view ? undefined : 'secondary'} aria-pressed={v === view} onClick={() => onViewChange(v)}>
              {t(`calendar.view.${v}`)}
            </button>
          ))}
        </div>
      </div>
      {children}
      {columns ? (
        <TimeGrid columns={columns} timeZone={timeZone} now={now} label={gridLabel} onSelectRange={onSelectRange} hasData={intervals.length > 0 || !!lanes?.some((l) => l.intervals.length > 0)} />
      ) : lanes ? (
        <LaneSummary
          lanes={lanes}
          days={view === 'month' ? days.filter((d) => d.slice(0, 7) === anchor.slice(0, 7)) : days}
          timeZone={timeZone}
          today={today}
          caption={t('calendar.summary.caption', { title })}
          onOpenDay={(d) => onViewChange('day', d)}
        />
      ) : (
        <MonthGrid month={anchor} days={days} intervals={intervals} timeZone={timeZone} today={today} label={gridLabel} onOpenDay={(d) => onViewChange('day', d)} />
      )}
      <ul className="cal-legend" aria-label={t('calendar.legend')}>
        {onSelectRange && columns && (
          <li>
            <span className="cal-swatch cal-swatch-free" aria-hidden="true" /> {t('calendar.kind.free')}
          </li>
        )}
        {shownKinds.map((k) => (
          <li key={k}>
            <span className={`cal-swatch cal-block-${k}`} aria-hidden="true" /> {t(`calendar.kind.${k}`)}
          </li>
        ))}
      </ul>
      {onSelectRange && columns && <p className="cal-hint muted">{t('calendar.hint')}</p>}
    </div>
  );
}
