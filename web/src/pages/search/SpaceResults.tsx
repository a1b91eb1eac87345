import { useId } from 'react';
import type { Site } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { EmptyState, LoadFailure, Spinner } from '../../ui/Loading.js';
import { SpaceCard } from './SpaceCard.js';
import type { SpaceSearch } from './use-space-search.js';

/**
 * Result cards with a live count and "load more". `data-ready` turns true once the cards (or
 * the empty answer) are on screen: the benchmark and browser tests wait for it.
 */
export function SpaceResults({ search, sitesById, range, testId }: { search: SpaceSearch; sitesById: Map<string, Site> | undefined; range?: { start: string; end: string }; testId?: string }) {
  const t = useT();
  const id = useId();
  const ready = search.ready && sitesById !== undefined;
  return (
    <section className="search-results" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="visually-hidden">
        {t('search.results')}
      </h2>
      <p className="search-count" aria-live="polite">
        {ready ? t(range ? 'search.countFree' : 'search.count', { count: search.count }) : ''}
      </p>
      <div data-testid={testId} data-ready={ready ? 'true' : 'false'} aria-busy={search.loading}>
        {search.error && <LoadFailure problem={search.error} onRetry={search.loadMore} />}
        {!ready ? (
          !search.error && <Spinner label={t('search.searching')} />
        ) : search.spaces.length === 0 ? (
          !search.error && <EmptyState>{t('search.none')}</EmptyState>
        ) : (
          <ul className="search-grid">
            {search.spaces.map((space) => (
              <li key={space.id}>
                <SpaceCard space={space} site={sitesById!.get(space.siteId)} range={range} />
              </li>
            ))}
          </ul>
        )}
      </div>
      {ready && search.hasMore && !search.error && (
        <div className="search-more-row">
          <span className="muted">{t('search.showing', { shown: search.spaces.length, count: search.count })}</span>
          <button type="button" className="secondary" onClick={search.loadMore} disabled={search.loading}>
            {search.loading ? t('search.searching') : t('app.more')}
          </button>
        </div>
      )}
    </section>
  );
}
