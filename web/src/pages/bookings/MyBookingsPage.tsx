import { useEffect, useState, type FormEvent } from 'react';
import type { BookingDetails } from '../../api/types.js';
import { Link, useQueryUpdater, useRoute } from '../../app/router.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatRange, zoneLabel } from '../../time/format.js';
import { useTime } from '../../time/use-time.js';
import { TextField } from '../../ui/Field.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { ProblemMessage } from '../../ui/ProblemMessage.js';
import { Tabs } from '../../ui/Tabs.js';
import { useAction, useAsync } from '../../ui/use-async.js';
import { bookingApi, type BookingView } from './booking-api.js';
import { spaceName } from './space-name.js';
import './bookings.css';

const PAGE = 20;
const VIEWS: BookingView[] = ['upcoming', 'past', 'cancelled'];

function useSpaceNames(spaceIds: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(spaceIds)].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',') : [])
      spaceName(id).then(
        (name) => live && setNames((n) => (n[id] === name ? n : { ...n, [id]: name })),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

function BookingRow({ booking, spaceName }: { booking: BookingDetails; spaceName: string | undefined }) {
  const { t, locale } = useI18n();
  const time = useTime();
  return (
    <li>
      <Link to={`/bookings/${booking.id}`} className="bookings-row">
        <span className="bookings-row-when">
          {time.range(booking.start, booking.end)}
          {booking.timeZone !== time.timeZone && (
            <small className="muted">{t('bookings.detail.siteTime', { range: formatRange(booking.start, booking.end, locale, booking.timeZone), zone: zoneLabel(booking.timeZone, locale) })}</small>
          )}
        </span>
        <span className="bookings-row-what">
          <strong>{booking.purpose || t('bookings.untitled')}</strong>
          <small className="muted">
            {spaceName ?? '…'} · {t('bookings.list.people', { count: booking.participants })}
          </small>
        </span>
        <StatusBadge status={booking.status} />
      </Link>
    </li>
  );
}

/** `/bookings`: the viewer's bookings, upcoming, past or cancelled, searchable by purpose. */
export default function MyBookingsPage() {
  const { t } = useI18n();
  const { query } = useRoute();
  const setQuery = useQueryUpdater();
  const view = VIEWS.find((v) => v === query.get('view')) ?? 'upcoming';
  const q = query.get('q') ?? '';
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const first = useAsync((signal) => bookingApi.list(view, q, 0, PAGE, signal), [view, q]);
  const [more, setMore] = useState<BookingDetails[]>([]);
  useEffect(() => setMore([]), [view, q, first.data]);
  const items = [...(first.data?.items ?? []), ...more];
  const loadMore = useAction(async () => {
    const page = await bookingApi.list(view, q, items.length, PAGE);
    setMore((m) => [...m, ...page.items]);
  });
  const names = useSpaceNames(items.map((b) => b.spaceId));

  const search = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ q: text.trim() });
  };
  const empty = q ? t('bookings.list.noMatch', { q }) : t(`bookings.list.empty.${view}`);

  return (
    <section className="bookings-page">
      <PageHeader title={t('bookings.list.title')}>
        <Link to="/" className="button">
          {t('bookings.list.book')}
        </Link>
      </PageHeader>
      <form role="search" className="row bookings-search" onSubmit={search}>
        <TextField type="search" label={t('bookings.list.search')} value={text} onChange={(e) => setText(e.target.value)} maxLength={200} />
        <button type="submit">{t('app.search')}</button>
        {q && (
          <button type="button" className="secondary" onClick={() => setQuery({ q: null })}>
            {t('bookings.list.clear')}
          </button>
        )}
      </form>
      <Tabs
        label={t('bookings.list.title')}
        tabs={VIEWS.map((key) => ({ key, label: t(`bookings.list.tab.${key}`) }))}
        selected={view}
        onSelect={(key) => setQuery({ view: key === 'upcoming' ? null : key })}
      >
        <Loaded state={first}>
          {(page) =>
            items.length === 0 ? (
              <EmptyState>{empty}</EmptyState>
            ) : (
              <>
                <p className="muted" aria-live="polite">
                  {t('bookings.list.showing', { shown: items.length, count: page.total })}
                </p>
                <ul className="bookings-list" data-testid="booking-list">
                  {items.map((b) => (
                    <BookingRow key={b.id} booking={b} spaceName={names[b.spaceId]} />
                  ))}
                </ul>
                <ProblemMessage problem={loadMore.error} />
                {items.length < page.total && (
                  <button type="button" className="secondary" disabled={loadMore.pending} onClick={() => void loadMore.run()}>
                    {t('app.more')}
                  </button>
                )}
              </>
            )
          }
        </Loaded>
      </Tabs>
    </section>
  );
}
