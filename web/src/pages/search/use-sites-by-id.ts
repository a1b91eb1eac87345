import { useMemo } from 'react';
import type { Site } from '../../api/types.js';
import type { AsyncState } from '../../ui/use-async.js';

/** Sites by id once loaded; an empty map when they failed, so the cards still show (without their site). */
export function useSitesById(sites: AsyncState<Site[]>): Map<string, Site> | undefined {
  return useMemo(() => {
    if (sites.data) return new Map(sites.data.map((s) => [s.id, s]));
    return sites.error ? new Map() : undefined;
  }, [sites.data, sites.error]);
}
