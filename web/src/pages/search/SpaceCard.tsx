import type { Site, Space } from '../../api/types.js';
import { Link } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { bookHref } from '../bookings/book-href.js';
import { AmenityList } from './AmenityList.js';
import { LocationSummary } from './LocationSummary.js';

/** One space in a list: photo, what it is, where it is, and the way to book it. */
export function SpaceCard({ space, site, range }: { space: Space; site: Site | undefined; range?: { start: string; end: string } }) {
  const t = useT();
  const photo = space.photoUrls[0];
  return (
    <article className="search-card" data-testid="space-card" data-space-id={space.id}>
      {photo ? (
        <img className="search-photo" src={photo} alt={t('search.photoAlt', { name: space.name })} loading="lazy" decoding="async" width={320} height={200} />
      ) : (
        <div className="search-photo search-photo-none" aria-hidden="true" />
      )}
      <div className="search-card-body">
        <h3>
          <Link to={`/spaces/${space.id}`}>{space.name}</Link>
        </h3>
        <p className="search-facts">
          {t(`search.kind.${space.kind}`)} · {t('search.capacity', { count: space.capacity })}
        </p>
        <AmenityList tags={space.amenities} limit={5} />
        <div className="search-card-foot">
          {site && (
            <div className="search-where">
              <Link to={`/sites/${site.id}`} className="search-site">
                {site.name}
              </Link>
              <LocationSummary site={site} />
            </div>
          )}
          <div className="search-card-actions">
            <Link to={bookHref(space.id, range)} className="button">
              {t('search.book')} <span className="visually-hidden">{space.name}</span>
            </Link>
          </div>
        </div>
      </div>
    </article>
  );
}
