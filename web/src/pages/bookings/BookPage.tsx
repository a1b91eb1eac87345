import { Link, useNavigate, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useT } from '../../i18n/i18n.js';
import { EmptyState, Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { bookingApi } from './booking-api.js';
import { BookingForm } from './BookingForm.js';
import './bookings.css';

const CREATE_PORTS = { mode: 'create', preview: bookingApi.preview, submit: bookingApi.create } as const;

/** `/book?spaceId=…&start=…&end=…&participants=…`: a new booking of one space (times optional). */
export default function BookPage() {
  const t = useT();
  const { query } = useRoute();
  const navigate = useNavigate();
  const session = useSession();
  const spaceId = query.get('spaceId');
  const place = useAsync((signal) => (spaceId ? bookingApi.place(spaceId, signal) : Promise.resolve(null)), [spaceId]);
  if (!spaceId)
    return (
      <section>
        <PageHeader title={t('bookings.book.title')} />
        <EmptyState>
          {t('bookings.book.noSpace')} <Link to="/">{t('bookings.book.findSpace')}</Link>
        </EmptyState>
      </section>
    );
  const participants = Number(query.get('participants'));
  return (
    <section className="bookings-page">
      <Loaded state={place} title={t('bookings.book.title')}>
        {(found) =>
          found && (
            <>
              <PageHeader title={t('bookings.book.titleFor', { space: found.space.name })} />
              <p className="muted bookings-place">
                {found.site && `${found.site.name} · ${found.site.address} · `}
                <Link to={`/spaces/${found.space.id}`}>{t('bookings.book.aboutSpace')}</Link>
              </p>
              {found.space.retired && <p className="warning">{t('bookings.book.retired')}</p>}
              {!session.can('booking.create', found.space.siteId) && <p className="warning">{t('bookings.book.mayNotBook')}</p>}
              <BookingForm
                ports={CREATE_PORTS}
                space={found.space}
                resources={found.resources}
                initial={{ start: query.get('start') ?? undefined, end: query.get('end') ?? undefined, participants: Number.isInteger(participants) && participants > 0 ? participants : undefined }}
                onSaved={(booking) => navigate(`/bookings/${booking.id}?created=1`)}
              />
            </>
          )
        }
      </Loaded>
    </section>
  );
}
