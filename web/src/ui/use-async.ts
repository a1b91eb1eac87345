import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiProblem } from '../api/api-problem.js';

export interface AsyncState<T> {
  data: T | undefined;
  error: ApiProblem | undefined;
  loading: boolean;
  /** Loads again (after a change, or from a live update) keeping the old data on screen meanwhile. */
  reload(): void;
  setData(update: T | ((old: T | undefined) => T)): void;
}

/** What a failed request threw, as a problem to show (a network failure when it is not one). */
export function asProblem(err: unknown): ApiProblem {
  return err instanceof ApiProblem ? err : ApiProblem.network('', err);
}

/** Loads data for a page; a newer load wins over an older one still in flight. */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiProblem | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    loadRef.current(controller.signal).then(
      (value) => {
        if (controller.signal.aborted) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (err) => {
        if (controller.signal.aborted) return;
        setError(asProblem(err));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload, setData: setData as AsyncState<T>['setData'] };
}

/** Runs an action (a form submit, a button) and keeps its pending state and problem. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiProblem | undefined>(undefined);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setPending(true);
      setError(undefined);
      try {
        return await action(...args);
      } catch (err) {
        setError(asProblem(err));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [action],
  );
  return { run, pending, error, clearError: () => setError(undefined) };
}
