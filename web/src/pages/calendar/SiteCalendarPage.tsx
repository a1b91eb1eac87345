import { useMemo } from 'react';
import { api } from '../../api/client.js';
import type { Site, SpacePage } from '../../api/types.js';
import { Link, useNavigate, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { EmptyState, Loaded, LoadFailure } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { bookHref } from '../bookings/book-href.js';
import { loadAvailability, loadBookings, spaceIntervals } from './calendar-data.js';
import { visibleRange, type CalendarLane } from './calendar-grid.js';
import { CalendarView } from './CalendarView.js';
import { ZoneNote } from './ZoneNote.js';
import { useCalendarQuery } from './use-calendar-query.js';
import { useLiveReload } from './use-live-reload.js';

async function loadSite(siteId: string, signal: AbortSignal) {
  const [site, spaces] = await Promise.all([
    api.get<Site>(`/sites/${siteId}`, { signal }),
    api.get<SpacePage>('/spaces', { query: { siteId, limit: 200 }, signal }),
  ]);
  return { site, spaces: spaces.items.filter((s) => !s.retired).sort((a, b) => a.name.localeCompare(b.name)) };
}

/** All spaces of a site: side by side in the day view, busy hours per day in the week and month views. */
export default function SiteCalendarPage() {
  const t = useT();
  const { params } = useRoute();
  const siteId = params.siteId!;
  const state = useAsync((signal) => loadSite(siteId, signal), [siteId]);
  return (
    <Loaded state={state} title={t('spaces.siteCalendar')}>
      {({ site, spaces }) => (
        <section className="cal-page">
          <PageHeader title={t('calendar.site.title', { site: site.name })}>
            <Link to={`/sites/${site.id}`} className="button secondary">
              {site.name}
            </Link>
          </PageHeader>
          {spaces.length === 0 ? <EmptyState>{t('calendar.site.noSpaces')}</EmptyState> : <SiteLanes site={site} spaces={spaces} />}
        </section>
      )}
    </Loaded>
  );
}

function SiteLanes({ site, spaces }: Awaited<ReturnType<typeof loadSite>>) {
  const t = useT();
  const time = useTime();
  const navigate = useNavigate();
  const userId = useSession().user?.userId;
  const { view, anchor, onNavigate, onViewChange } = useCalendarQuery('day', time.timeZone);
  const range = useMemo(() => visibleRange(view, anchor, time.timeZone), [view, anchor, time.timeZone]);
  const spaceIds = useMemo(() => spaces.map((s) => s.id), [spaces]);

  const lanes = useAsync(
    async (signal): Promise<CalendarLane[]> => {
      const [availability, mine] = await Promise.all([
        Promise.all(spaces.map((s) => loadAvailability(s.id, range.from, range.to, signal))),
        userId ? loadBookings({ bookerId: userId, siteId: site.id, from: range.from.toISOString(), to: range.to.toISOString() }, signal).catch(() => []) : [],
      ]);
      return spaces.map((s, i) => ({ id: s.id, label: s.name, href: `/spaces/${s.id}`, intervals: spaceIntervals(availability[i]!, mine) }));
    },
    [spaces, range, userId],
  );
  useLiveReload({ siteId: site.id }, spaceIds, range, lanes.reload);

  // Until the first answer, the lanes are drawn empty rather than not at all.
  const shown = useMemo(() => lanes.data ?? spaces.map((s) => ({ id: s.id, label: s.name, href: `/spaces/${s.id}`, intervals: [] })), [lanes.data, spaces]);
  return (
    <CalendarView
      view={view}
      anchor={anchor}
      onNavigate={onNavigate}
      onViewChange={onViewChange}
      lanes={shown}
      timeZone={time.timeZone}
      legend={userId ? ['busy', 'mine', 'closed'] : ['busy', 'closed']}
      loading={lanes.loading}
      onSelectRange={(start, end, spaceId) => navigate(bookHref(spaceId!, { start: start.toISOString(), end: end.toISOString() }))}
    >
      <ZoneNote siteTimeZone={site.timeZone} extra={t('calendar.live')} />
      {lanes.error && <LoadFailure problem={lanes.error} onRetry={lanes.reload} />}
    </CalendarView>
  );
}
