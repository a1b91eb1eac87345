import { useEffect, useState } from 'react';
import type { BookingDetails, Resource, Site, Space, UserSummary } from '../../api/types.js';
import { api } from '../../api/client.js';
import { Link, useNavigate, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useI18n, type MessageKey } from '../../i18n/i18n.js';
import { useNotificationStream } from '../../live/notification-stream.js';
import { formatRange, zoneLabel } from '../../time/format.js';
import { useTime } from '../../time/use-time.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { StatusBadge } from '../../ui/StatusBadge.js';
import { useAsync } from '../../ui/use-async.js';
import { bookingApi, type BookingTransition } from './booking-api.js';
import { BookingActions } from './BookingActions.js';
import { BookingForm } from './BookingForm.js';
import { GoogleSyncStatus } from './GoogleSyncStatus.js';
import './bookings.css';

const DONE: Record<BookingTransition | 'changed' | 'created', MessageKey> = {
  created: 'bookings.detail.created',
  changed: 'bookings.detail.changed',
  cancel: 'bookings.detail.cancelled',
  'check-in': 'bookings.detail.checkedIn',
  approve: 'bookings.detail.approved',
  reject: 'bookings.detail.rejected',
};

/** Who booked: you, a name when the viewer may read accounts, else the account id. */
function BookerName({ bookerId }: { bookerId: string }) {
  const { t } = useI18n();
  const { user, can } = useSession();
  const mine = bookerId === user?.userId;
  const person = useAsync((signal) => (mine || !can('users.read') ? Promise.resolve(null) : api.get<UserSummary>(`/users/${bookerId}`, { signal })), [bookerId, mine]);
  if (mine) return <>{t('bookings.detail.you', { name: user!.displayName })}</>;
  if (person.data) return <>{`${person.data.displayName} (${person.data.email})`}</>;
  return (
    <>
      {t('bookings.detail.someoneElse')} <small className="muted">({bookerId})</small>
    </>
  );
}

function Details({ booking, space, site, resources }: { booking: BookingDetails; space: Space; site: Site | undefined; resources: Resource[] }) {
  const { t, locale } = useI18n();
  const time = useTime();
  const siteZone = booking.timeZone;
  return (
    <dl className="bookings-details">
      <dt>{t('bookings.detail.status')}</dt>
      <dd>
        <StatusBadge status={booking.status} />
      </dd>
      <dt>{t('bookings.detail.when')}</dt>
      <dd>
        <span data-testid="booking-when">{time.range(booking.start, booking.end)}</span>
        <small className="muted bookings-zone-line">
          {siteZone !== time.timeZone
            ? t('bookings.detail.siteTime', { range: formatRange(booking.start, booking.end, locale, siteZone), zone: zoneLabel(siteZone, locale) })
            : t('time.yourZone', { zone: time.zoneLabel() })}
        </small>
      </dd>
      <dt>{t('bookings.detail.where')}</dt>
      <dd>
        <Link to={`/spaces/${space.id}`}>{space.name}</Link>
        {site && <small className="muted bookings-zone-line">{`${site.name} · ${site.address}`}</small>}
      </dd>
      <dt>{t('bookings.detail.purpose')}</dt>
      <dd>{booking.purpose || <span className="muted">{t('bookings.untitled')}</span>}</dd>
      <dt>{t('bookings.form.participants')}</dt>
      <dd>{booking.participants}</dd>
      <dt>{t('bookings.form.resources')}</dt>
      <dd>
        {booking.resources.length === 0 ? (
          <span className="muted">{t('bookings.detail.noResources')}</span>
        ) : (
          <ul className="bookings-plain-list">
            {booking.resources.map((line) => (
              <li key={line.resourceId}>{t('bookings.detail.resourceLine', { quantity: line.quantity, name: resources.find((r) => r.id === line.resourceId)?.name ?? line.resourceId })}</li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('bookings.detail.bookedBy')}</dt>
      <dd>
        <BookerName bookerId={booking.bookerId} />
      </dd>
      <dt>{t('bookings.detail.placed')}</dt>
      <dd>
        {time.format(booking.createdAt)}
        {booking.updatedAt !== booking.createdAt && <small className="muted bookings-zone-line">{t('bookings.detail.updated', { time: time.format(booking.updatedAt) })}</small>}
      </dd>
      <GoogleSyncStatus bookingId={booking.id} revision={booking.revision} />
    </dl>
  );
}

function BookingView({ booking, reload }: { booking: BookingDetails; reload(): void }) {
  const { t } = useI18n();
  const { path, query } = useRoute();
  const navigate = useNavigate();
  const { can } = useSession();
  const place = useAsync((signal) => bookingApi.place(booking.spaceId, signal), [booking.spaceId]);
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState<keyof typeof DONE | null>(query.get('created') ? 'created' : null);
  // The "placed" notice is for this visit only, not for a reload or a shared link.
  useEffect(() => {
    if (query.get('created')) navigate(path, { replace: true });
  }, [query, path, navigate]);
  const finished = (what: keyof typeof DONE) => {
    setEditing(false);
    setDone(what);
    reload();
  };
  return (
    <Loaded state={place}>
      {({ space, site, resources }) => (
        <>
          <PageHeader title={booking.purpose || t('bookings.detail.titleFor', { space: space.name })}>
            {(can('audit.read', booking.siteId) || can('history.read', booking.siteId)) && (
              <Link to={`/audit/bookings/${booking.id}`} className="button secondary">
                {t('bookings.detail.history')}
              </Link>
            )}
            <Link to="/bookings" className="button secondary">
              {t('bookings.nav.mine')}
            </Link>
          </PageHeader>
          <div role="status" data-testid="booking-done">
            {done && (
              <p className="notice">
                {t(DONE[done])}
                {done === 'created' && booking.status === 'pending_approval' && ` ${t('bookings.detail.awaitsApproval')}`}
              </p>
            )}
          </div>
          {editing ? (
            <>
              <h2>{t('bookings.detail.changeTitle')}</h2>
              <BookingForm
                key={booking.revision}
                ports={{
                  mode: 'edit',
                  booking,
                  preview: (changes, revision) => bookingApi.previewChange(booking.id, changes, revision),
                  submit: (changes, revision) => bookingApi.change(booking.id, changes, revision),
                }}
                space={space}
                resources={resources}
                onSaved={() => finished('changed')}
                onCancel={() => setEditing(false)}
                onReload={reload}
              />
            </>
          ) : (
            <div className="bookings-detail-layout">
              <section className="card">
                <Details booking={booking} space={space} site={site} resources={resources} />
              </section>
              <BookingActions
                booking={booking}
                space={space}
                onEdit={() => {
                  setDone(null);
                  setEditing(true);
                }}
                onChanged={finished}
                onReload={reload}
              />
            </div>
          )}
        </>
      )}
    </Loaded>
  );
}

/** `/bookings/:bookingId`: the booking, kept current when a notification about it arrives. */
export default function BookingPage() {
  const { params } = useRoute();
  const bookingId = params.bookingId!;
  const booking = useAsync((signal) => bookingApi.get(bookingId, signal), [bookingId]);
  const { subscribe } = useNotificationStream();
  const { reload } = booking;
  useEffect(() => subscribe((n) => (n.subjectId === bookingId || n.data.booking?.bookingId === bookingId) && reload()), [subscribe, bookingId, reload]);
  return (
    <section className="bookings-page">
      <Loaded state={booking}>{(b) => <BookingView booking={b} reload={booking.reload} />}</Loaded>
    </section>
  );
}
