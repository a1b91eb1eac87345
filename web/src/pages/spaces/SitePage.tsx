import { useMemo } from 'react';
import type { Site } from '../../api/types.js';
import { Link, useRoute } from '../../app/router.js';
import { useI18n } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { Loaded } from '../../ui/Loading.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { apiCatalog, type CatalogPort } from '../search/catalog-port.js';
import { LocationSummary } from '../search/LocationSummary.js';
import { SpaceResults } from '../search/SpaceResults.js';
import { useSpaceSearch } from '../search/use-space-search.js';
import '../search/search.css';
import './spaces.css';

const NO_SITES = new Map<string, Site>();

function SiteDetails({ site, catalog }: { site: Site; catalog: CatalogPort }) {
  const { t } = useI18n();
  const time = useTime();
  const filters = useMemo(() => ({ siteId: site.id, amenities: [] }), [site.id]);
  const spaces = useSpaceSearch(catalog, filters);
  const siteNote = time.siteNote(new Date(), site.timeZone);
  return (
    <>
      <PageHeader title={site.name}>
        <Link to={`/calendar/sites/${site.id}`} className="button">
          {t('spaces.siteCalendar')}
        </Link>
        <Link to={`/?siteId=${site.id}`} className="button secondary">
          {t('spaces.searchSite')}
        </Link>
      </PageHeader>
      <div className="card spaces-site">
        <p className="spaces-lead">{t(`spaces.siteKind.${site.kind}`)}</p>
        <LocationSummary site={site} />
        <p className="muted">{t('spaces.timeZone', { zone: time.zoneLabel(site.timeZone) })}</p>
        {siteNote && <p className="muted">{siteNote}</p>}
      </div>
      <h2>{t('spaces.spacesHere')}</h2>
      {/* The cards leave out the site: this page is about it. */}
      <SpaceResults search={spaces} sitesById={NO_SITES} testId="site-spaces" />
    </>
  );
}

/** A site: where it is, its zone, its spaces and a way to its calendar. */
export default function SitePage({ catalog = apiCatalog }: { catalog?: CatalogPort }) {
  const { t } = useI18n();
  const siteId = useRoute().params.siteId!;
  const state = useAsync((signal) => catalog.getSite(siteId, signal), [siteId, catalog]);
  return (
    <div className="spaces-page">
      <Loaded state={state} title={t('spaces.site')}>{(site) => <SiteDetails site={site} catalog={catalog} />}</Loaded>
    </div>
  );
}
