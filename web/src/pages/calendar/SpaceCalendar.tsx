import { useMemo } from 'react';
import { useNavigate } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { LoadFailure } from '../../ui/Loading.js';
import { useAsync } from '../../ui/use-async.js';
import { bookHref } from '../bookings/book-href.js';
import { loadAvailability, loadBookings, spaceIntervals } from './calendar-data.js';
import { visibleRange, type IntervalKind } from './calendar-grid.js';
import { CalendarView } from './CalendarView.js';
import { ZoneNote } from './ZoneNote.js';
import { useCalendarQuery } from './use-calendar-query.js';
import { useLiveReload } from './use-live-reload.js';

/**
 * A space's calendar: busy and closed time for everyone, the viewer's own bookings apart, live
 * over the busy stream; selecting free time opens the booking form for it.
 */
export function SpaceCalendar({ spaceId, siteTimeZone, headingLevel = 3 }: { spaceId: string; siteTimeZone: string; headingLevel?: 2 | 3 }) {
  const t = useT();
  const time = useTime();
  const navigate = useNavigate();
  const { user } = useSession();
  const userId = user?.userId;
  const { view, anchor, onNavigate, onViewChange } = useCalendarQuery('week', time.timeZone);
  const range = useMemo(() => visibleRange(view, anchor, time.timeZone), [view, anchor, time.timeZone]);
  const spaceIds = useMemo(() => [spaceId], [spaceId]);

  const state = useAsync(
    async (signal) => {
      const [availability, mine] = await Promise.all([
        loadAvailability(spaceId, range.from, range.to, signal),
        // Someone without booking.read.own still sees the space's busy time.
        userId ? loadBookings({ bookerId: userId, spaceId, from: range.from.toISOString(), to: range.to.toISOString() }, signal).catch(() => []) : [],
      ]);
      return spaceIntervals(availability, mine);
    },
    [spaceId, range, userId],
  );
  useLiveReload(spaceIds, spaceIds, range, state.reload);

  const legend: IntervalKind[] = userId ? ['busy', 'mine', 'closed'] : ['busy', 'closed'];
  return (
    <CalendarView
      view={view}
      anchor={anchor}
      onNavigate={onNavigate}
      onViewChange={onViewChange}
      intervals={state.data}
      timeZone={time.timeZone}
      legend={legend}
      loading={state.loading}
      headingLevel={headingLevel}
      onSelectRange={(start, end) => navigate(bookHref(spaceId, { start: start.toISOString(), end: end.toISOString() }))}
    >
      <ZoneNote siteTimeZone={siteTimeZone} extra={t('calendar.live')} />
      {state.error && <LoadFailure problem={state.error} onRetry={state.reload} />}
    </CalendarView>
  );
}
