import { useMemo } from 'react';
import { useQueryUpdater, useRoute } from '../../app/router.js';
import { useT } from '../../i18n/i18n.js';
import { useTime } from '../../time/use-time.js';
import { PageHeader } from '../../ui/PageHeader.js';
import { useAsync } from '../../ui/use-async.js';
import { apiCatalog, type CatalogPort } from './catalog-port.js';
import { FilterForm } from './FilterForm.js';
import { filtersFromQuery, filtersToQuery, freeRange } from './search-filters.js';
import { SpaceResults } from './SpaceResults.js';
import { useSitesById } from './use-sites-by-id.js';
import { useSpaceSearch } from './use-space-search.js';
import './search.css';

/** Find a space: filters in the URL (shareable, reload-proof), results as cards. */
export default function SearchPage({ catalog = apiCatalog }: { catalog?: CatalogPort }) {
  const t = useT();
  const { query } = useRoute();
  const update = useQueryUpdater();
  const time = useTime();
  const filters = useMemo(() => filtersFromQuery(query), [query]);
  const sites = useAsync((signal) => catalog.listSites(signal), [catalog]);
  const sitesById = useSitesById(sites);
  const search = useSpaceSearch(catalog, filters);
  return (
    <div className="search-page">
      <PageHeader title={t('search.title')} />
      <div className="search-layout">
        <FilterForm filters={filters} sites={sites.data} timeZone={time.timeZone} onApply={(next) => update(filtersToQuery(next))} />
        <SpaceResults search={search} sitesById={sitesById} range={freeRange(filters)} testId="search-results" />
      </div>
    </div>
  );
}
