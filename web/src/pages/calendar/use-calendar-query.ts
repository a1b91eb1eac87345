import { useCallback } from 'react';
import { useQueryUpdater, useRoute } from '../../app/router.js';
import { today } from '../../time/zoned-time.js';
import { CALENDAR_VIEWS, isIsoDate, type CalendarViewKind } from './calendar-grid.js';

/** The calendar's view and date live in the URL (`?view=week&date=2026-03-02`), so a reload or a shared link shows the same. */
export function useCalendarQuery(defaultView: CalendarViewKind, timeZone: string) {
  const { query } = useRoute();
  const update = useQueryUpdater();
  const asked = query.get('view');
  const view = CALENDAR_VIEWS.find((v) => v === asked) ?? defaultView;
  const date = query.get('date');
  const anchor = isIsoDate(date) ? date : today(timeZone);
  const onNavigate = useCallback((next: string) => update({ date: next }), [update]);
  const onViewChange = useCallback((next: CalendarViewKind, day?: string) => update({ view: next, ...(day ? { date: day } : {}) }), [update]);
  return { view, anchor, onNavigate, onViewChange };
}
