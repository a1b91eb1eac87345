import { ifMatch } from '../../api/client.js';
import { useCallback, useState, type DependencyList } from 'react';
import type { EntityRevision } from '../../api/types.js';
import { useAsync, type AsyncState } from '../../ui/use-async.js';
import { isStale, pause } from './admin-api.js';

export interface Editable<T> extends AsyncState<T> {
  /** Bumps when forms must start again from fresh data (key them by it). */
  version: number;
  /** The section whose save met a newer revision (the forms now show that revision). */
  stale: string | null;
  /**
   * Writes with If-Match of the revision on screen and merges `patch` into the data. On 412 it
   * loads the latest version, remounts the forms and marks `section` stale instead of failing:
   * false then, true once written.
   */
  save(section: string, write: (headers: Record<string, string>) => Promise<EntityRevision>, patch?: Partial<T>): Promise<boolean>;
}

export function useEditable<T extends { revision: number | null }>(load: (signal?: AbortSignal) => Promise<T>, deps: DependencyList): Editable<T> {
  const state = useAsync(load, deps);
  const [version, setVersion] = useState(0);
  const [stale, setStale] = useState<string | null>(null);
  const { data, setData } = state;
  const save = useCallback<Editable<T>['save']>(
    async (section, write, patch) => {
      if (!data) return false;
      setStale(null);
      try {
        const { revision } = await write(data.revision === null ? {} : ifMatch(data.revision));
        setData((old) => ({ ...old!, ...patch, revision }));
        return true;
      } catch (err) {
        if (!isStale(err)) throw err;
        // The newer version may not have reached the read model yet: ask until it has.
        let fresh = await load();
        for (let attempt = 1; fresh.revision === data.revision && attempt <= 10; attempt++) {
          await pause(100 * attempt);
          fresh = await load();
        }
        setData(fresh);
        setVersion((v) => v + 1);
        setStale(section);
        return false;
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [data, setData, ...deps],
  );
  return { ...state, version, stale, save };
}
