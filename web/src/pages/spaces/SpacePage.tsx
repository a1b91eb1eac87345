import type { ComponentType } from 'react';
import type { Resource, Site, Space } from '../../api/types.js';
import { Link, useRoute } from '../../app/router.js';
import { useSession } from '../../auth/session.js';
import { useI18n } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { bookHref } from '../bookings/book-href.js';
import { SpaceCalendar } from '../calendar/SpaceCalendar.js';
import { AmenityList } from '../search/AmenityList.js';
import { apiCatalog, type CatalogPort } from '../search/catalog-port.js';
import { LocationSummary } from '../search/LocationSummary.js';
import { openingHoursRows, policySentences } from './policy-summary.js';
import '../search/search.css';
import './spaces.css';

type CalendarView = ComponentType<{ spaceId: string; siteTimeZone: string }>;

interface SpaceView {
  space: Space;
  site: Site;
  equipment: Resource[];
}

function Photos({ space }: { space: Space }) {
  const { t } = useI18n();
  if (space.photoUrls.length === 0) return null;
  return (
    <ul className="spaces-photos">
      {space.photoUrls.map((url, i) => (
        <li key={url}>
          <img
            src={url}
            alt={t('spaces.photoAlt', { name: space.name, n: i + 1, count: space.photoUrls.length })}
            width={640}
            height={400}
            loading={i === 0 ? 'eager' : 'lazy'}
            decoding="async"
          />
        </li>
      ))}
    </ul>
  );
}

function OpeningHours({ space, site }: { space: Space; site: Site }) {
  const { t, locale } = useI18n();
  const time = useTime();
  const rows = openingHoursRows(space.policy.openingHours, t, locale);
  return (
    <section className="card spaces-section" aria-labelledby="spaces-hours">
      <h2 id="spaces-hours">{t('spaces.openingHours')}</h2>
      <p className="muted">{t('spaces.hoursZone', { zone: time.zoneLabel(site.timeZone) })}</p>
      {rows === null ? (
        <p>{t('spaces.alwaysOpen')}</p>
      ) : (
        <table className="spaces-hours">
          <tbody>
            {rows.map((r) => (
              <tr key={r.day}>
                <th scope="row">{r.day}</th>
                <td>{r.hours}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function SpaceDetails({ space, site, equipment, Calendar }: SpaceView & { Calendar: CalendarView }) {
  const { t, locale } = useI18n();
  const session = useSession();
  const time = useTime();
  const siteNote = time.siteNote(new Date(), site.timeZone);
  return (
    <>
      <PageHeader title={space.name}>
        {!space.retired && (
          <Link to={bookHref(space.id)} className="button">
            {t('spaces.book')}
          </Link>
        )}
        {session.can('catalog.manage', space.siteId) && (
          <Link to={`/staff/spaces/${space.id}`} className="button secondary">
            {t('app.edit')}
          </Link>
        )}
      </PageHeader>
      <p className="spaces-lead">
        {t(`search.kind.${space.kind}`)} · {t('search.capacity', { count: space.capacity })} · <Link to={`/sites/${site.id}`}>{site.name}</Link>
      </p>
      {space.retired && <p className="warning">{t('spaces.retired')}</p>}
      {siteNote && <p className="muted">{siteNote}</p>}
      <div className="spaces-top">
        <Photos space={space} />
        <div className="card spaces-about">
          {space.description && <p>{space.description}</p>}
          <dl className="spaces-facts">
            <dt>{t('search.kind')}</dt>
            <dd>{t(`search.kind.${space.kind}`)}</dd>
            <dt>{t('spaces.capacity')}</dt>
            <dd>{t('search.capacity', { count: space.capacity })}</dd>
            {space.amenities.length > 0 && (
              <>
                <dt>{t('search.amenities')}</dt>
                <dd>
                  <AmenityList tags={space.amenities} />
                </dd>
              </>
            )}
          </dl>
          <h2>{t('spaces.location')}</h2>
          <p className="spaces-site-name">
            <Link to={`/sites/${site.id}`}>{site.name}</Link>
          </p>
          <LocationSummary site={site} />
        </div>
      </div>
      <div className="spaces-columns">
        <OpeningHours space={space} site={site} />
        <section className="card spaces-section" aria-labelledby="spaces-policy">
          <h2 id="spaces-policy">{t('spaces.policy')}</h2>
          <ul>
            {policySentences(space.policy, t, locale).map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
        </section>
        {equipment.length > 0 && (
          <section className="card spaces-section" aria-labelledby="spaces-equipment">
            <h2 id="spaces-equipment">{t('spaces.equipment')}</h2>
            <p className="muted">{t('spaces.equipmentHint')}</p>
            <ul>
              {equipment.map((r) => (
                <li key={r.id}>{t('spaces.equipmentItem', { name: r.name, count: r.quantity })}</li>
              ))}
            </ul>
          </section>
        )}
      </div>
      <section className="spaces-calendar" aria-labelledby="spaces-calendar">
        <h2 id="spaces-calendar">{t('spaces.calendar')}</h2>
        <Calendar spaceId={space.id} siteTimeZone={site.timeZone} />
      </section>
    </>
  );
}

/** A space: photos, facts, where it is, its hours and rules, its calendar, and the way to book it. */
export default function SpacePage({ catalog = apiCatalog, Calendar = SpaceCalendar }: { catalog?: CatalogPort; Calendar?: CalendarView }) {
  const { t } = useI18n();
  const spaceId = useRoute().params.spaceId!;
  const state = useAsync(
    async (signal): Promise<SpaceView> => {
      const space = await catalog.getSpace(spaceId, signal);
      const [site, equipment] = await Promise.all([
        catalog.getSite(space.siteId, signal),
        // Nice to know, not worth failing the page for.
        catalog.listEquipment(space.siteId, signal).then((p) => p.items.filter((r) => !r.retired), () => []),
      ]);
      return { space, site, equipment };
    },
    [spaceId, catalog],
  );
  return (
    <div className="spaces-page">
      <Loaded state={state} title={t('spaces.space')}>{(view) => <SpaceDetails {...view} Calendar={Calendar} />}</Loaded>
    </div>
  );
}
