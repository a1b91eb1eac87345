import type { Site } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

/** The address to look up: the site's address, with its city when the address leaves it out. */
export function mapsQuery(site: Pick<Site, 'address' | 'city'>): string {
  return site.address.toLowerCase().includes(site.city.toLowerCase()) ? site.address : `${site.address}, ${site.city}`;
}

/** A maps service opened on the address: the client ships no map, only this link. */
export function mapsUrl(site: Pick<Site, 'address' | 'city'>): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(mapsQuery(site))}`;
}

/** Where a site is, without a map: address, city and a link to look it up. */
export function LocationSummary({ site }: { site: Pick<Site, 'address' | 'city'> }) {
  const t = useT();
  return (
    <address className="search-location">
      <span className="search-city">{site.city}</span>
      <span>{site.address}</span>
      <a href={mapsUrl(site)} target="_blank" rel="noopener">
        {t('search.openInMaps')} <span className="visually-hidden">{t('search.mapsOf', { address: mapsQuery(site) })}</span>
      </a>
    </address>
  );
}
