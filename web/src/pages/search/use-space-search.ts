import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiProblem } from '../../api/api-problem.js';
import type { Space } from '../../api/types.js';
import { asProblem } from '../../ui/use-async.js';
import type { CatalogPort } from './catalog-port.js';
import { isOpenThroughout } from './free-between.js';
import { filtersToQuery, freeRange, spacesQuery, type SearchFilters } from './search-filters.js';

/** Cards per "load more": a screenful or two, quick to render. */
export const PAGE_SIZE = 24;
/** With free-between set some rows are dropped here (closed then), so fetch more rows per request. */
const FILTERED_PAGE_SIZE = 200;

interface Progress {
  spaces: Space[];
  /** Rows read from the API so far (the next offset). */
  offset: number;
  /** Rows read but not shown (closed during the free-between range). */
  hidden: number;
  total: number;
}

export interface SpaceSearch {
  spaces: Space[];
  /** Matching spaces: exact once all are loaded, else the API's count less those dropped so far. */
  count: number;
  /** False until the first page is in (and again while the filters change). */
  ready: boolean;
  loading: boolean;
  error: ApiProblem | undefined;
  hasMore: boolean;
  /** The next page, or the failed one again. */
  loadMore(): void;
}

const START: Progress = { spaces: [], offset: 0, hidden: 0, total: 0 };

/** Pages through GET /spaces for the filters; a change of filters starts over and drops answers still in flight. */
export function useSpaceSearch(port: CatalogPort, filters: SearchFilters): SpaceSearch {
  const key = JSON.stringify(filtersToQuery(filters));
  const filtersRef = useRef(filters);
  filtersRef.current = filters;
  const [progress, setProgress] = useState<Progress & { key: string | null }>({ ...START, key: null });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiProblem | undefined>(undefined);
  const controller = useRef<AbortController | null>(null);

  const fetchMore = useCallback(
    async (from: Progress, signal: AbortSignal): Promise<Progress> => {
      const current = filtersRef.current;
      const range = freeRange(current);
      const keep = range ? (s: Space) => isOpenThroughout(s.policy.openingHours, s.timeZone, range.start, range.end) : undefined;
      const limit = keep ? FILTERED_PAGE_SIZE : PAGE_SIZE;
      let { spaces, offset, hidden, total } = from;
      const wanted = spaces.length + PAGE_SIZE;
      do {
        const page = await port.listSpaces(spacesQuery(current, { limit, offset }), signal);
        const kept = keep ? page.items.filter(keep) : page.items;
        spaces = [...spaces, ...kept];
        hidden += page.items.length - kept.length;
        offset += page.items.length;
        total = page.total;
        if (page.items.length === 0) break;
      } while (spaces.length < wanted && offset < total);
      return { spaces, offset, hidden, total };
    },
    [port],
  );

  const run = useCallback(
    (from: Progress, runKey: string) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      setLoading(true);
      setError(undefined);
      fetchMore(from, abort.signal).then(
        (next) => {
          if (abort.signal.aborted) return;
          setProgress({ ...next, key: runKey });
          setLoading(false);
        },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          setError(asProblem(err));
          setLoading(false);
        },
      );
    },
    [fetchMore],
  );

  useEffect(() => {
    run(START, key);
    return () => controller.current?.abort();
  }, [key, run]);

  const current = progress.key === key ? progress : null;
  // Also the retry after a failure: the first page again, or the page that failed.
  const loadMore = useCallback(() => run(current ?? START, key), [current, key, run]);

  return useMemo(
    () => ({
      spaces: current?.spaces ?? [],
      count: current ? current.total - current.hidden : 0,
      ready: current !== null,
      loading,
      error,
      hasMore: current !== null && current.offset < current.total,
      loadMore,
    }),
    [current, loading, error, loadMore],
  );
}
