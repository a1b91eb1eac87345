import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiProblem } from '../../api/api-problem.js';
import type { Space } from '../../api/types.js';
import { asProblem } from '../../ui/use-async.js';
import type { CatalogPort } from './catalog-port.js';
import { filtersToQuery, spacesQuery, type SearchFilters } from './search-filters.js';

/** Cards per "load more": a screenful or two, quick to render. */
export const PAGE_SIZE = 24;

interface Progress {
  spaces: Space[];
  /** Rows read from the API so far (the next offset). */
  offset: number;
  total: number;
}

export interface SpaceSearch {
  spaces: Space[];
  /** Matching spaces (the API's count; free-between includes opening hours there). */
  count: number;
  /** False until the first page is in (and again while the filters change). */
  ready: boolean;
  loading: boolean;
  error: ApiProblem | undefined;
  hasMore: boolean;
  /** The next page, or the failed one again. */
  loadMore(): void;
}

const START: Progress = { spaces: [], offset: 0, total: 0 };

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
      const page = await port.listSpaces(spacesQuery(filtersRef.current, { limit: PAGE_SIZE, offset: from.offset }), signal);
      return { spaces: [...from.spaces, ...page.items], offset: from.offset + page.items.length, total: page.total };
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
      count: current?.total ?? 0,
      ready: current !== null,
      loading,
      error,
      hasMore: current !== null && current.offset < current.total,
      loadMore,
    }),
    [current, loading, error, loadMore],
  );
}
