import { useEffect, useMemo } from 'react';
import { Link } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { useNotificationStream } from '../../live/notification-stream.js';
import { useTime } from '../../time/use-time.js';
import { LoadFailure } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { spaceName } from '../bookings/space-name.js';
import { bookingInterval, loadBookings } from './calendar-data.js';
import { visibleRange } from './calendar-grid.js';
import { CalendarView } from './CalendarView.js';
import { ZoneNote } from './ZoneNote.js';
import { useCalendarQuery } from './use-calendar-query.js';
import { useLiveReload } from './use-live-reload.js';

/** The signed-in person's bookings in day, week and month views, each a link to the booking. */
export default function MyCalendarPage() {
  const t = useT();
  const time = useTime();
  const userId = useSession().user!.userId;
  const { view, anchor, onNavigate, onViewChange } = useCalendarQuery('week', time.timeZone);
  const range = useMemo(() => visibleRange(view, anchor, time.timeZone), [view, anchor, time.timeZone]);

  const state = useAsync(
    async (signal) => {
      const bookings = await loadBookings({ bookerId: userId, from: range.from.toISOString(), to: range.to.toISOString() }, signal);
      const labels = await Promise.all(bookings.map((b) => spaceName(b.spaceId).catch(() => '')));
      return {
        spaceIds: [...new Set(bookings.map((b) => b.spaceId))],
        intervals: bookings.map((b, i) => bookingInterval(b, 'booking', [b.purpose, labels[i]].filter(Boolean).join(' · '))),
      };
    },
    [userId, range],
  );
  const spaceIds = state.data?.spaceIds ?? [];
  // Someone else (staff, an approver) changing one of these bookings moves its space's busy time…
  useLiveReload(spaceIds, spaceIds, range, state.reload);
  // …and a new booking of mine elsewhere reaches me as a notification.
  const { subscribe } = useNotificationStream();
  useEffect(() => subscribe(() => state.reload()), [subscribe, state.reload]);

  return (
    <section className="cal-page">
      <PageHeader title={t('calendar.me.title')}>
        <Link to="/" className="button secondary">
          {t('calendar.me.find')}
        </Link>
      </PageHeader>
      <CalendarView view={view} anchor={anchor} onNavigate={onNavigate} onViewChange={onViewChange} intervals={state.data?.intervals} timeZone={time.timeZone} legend={['booking']} loading={state.loading}>
        <ZoneNote />
        {state.error && <LoadFailure problem={state.error} onRetry={state.reload} />}
        {state.data?.intervals.length === 0 && <p className="empty">{t('calendar.me.empty')}</p>}
      </CalendarView>
    </section>
  );
}
