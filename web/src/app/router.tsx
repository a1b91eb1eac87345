import { createContext, useCallback, useContext, useEffect, useMemo, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

/** Where the app is: the path, the params of the matched route pattern and the query string. */
export interface RouteState {
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
}

interface RouterValue {
  location: { path: string; search: string };
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | null>(null);
const ParamsContext = createContext<Record<string, string>>({});

/** `/spaces/:spaceId` against `/spaces/42` → `{ spaceId: '42' }`, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(got[i]!);
    else if (w !== got[i]) return null;
  }
  return params;
}

function readLocation() {
  return { path: window.location.pathname, search: window.location.search };
}

export function Router({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const onPop = () => setLocation(readLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string, options: { replace?: boolean } = {}) => {
    if (options.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    setLocation(readLocation());
    // A replace only rewrites the query (filters, calendar view): the page stays where it is.
    if (!options.replace && !to.includes('#')) window.scrollTo?.(0, 0);
  }, []);
  const value = useMemo(() => ({ location, navigate }), [location, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

function useRouter(): RouterValue {
  const router = useContext(RouterContext);
  if (!router) throw new Error('router hooks need <Router>');
  return router;
}

export function RouteParams({ params, children }: { params: Record<string, string>; children: ReactNode }) {
  return <ParamsContext.Provider value={params}>{children}</ParamsContext.Provider>;
}

export function useRoute(): RouteState {
  const { location } = useRouter();
  const params = useContext(ParamsContext);
  return useMemo(() => ({ path: location.path, params, query: new URLSearchParams(location.search) }), [location, params]);
}

export function useNavigate(): RouterValue['navigate'] {
  return useRouter().navigate;
}

/** Replaces the query string (filters in the URL, so a search can be shared and survives a reload). */
export function useQueryUpdater(): (changes: Record<string, string | null | undefined>) => void {
  const { location, navigate } = useRouter();
  return useCallback(
    (changes) => {
      const query = new URLSearchParams(location.search);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === undefined || v === '') query.delete(k);
        else query.set(k, v);
      }
      const qs = query.toString();
      navigate(`${location.path}${qs ? `?${qs}` : ''}`, { replace: true });
    },
    [location, navigate],
  );
}

export function Link({ to, children, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const navigate = useNavigate();
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}

/** A router for component tests: starts at `path` without touching the page's history. */
export function MemoryRouter({ path = '/', children }: { path?: string; children: ReactNode }) {
  const [location, setLocation] = useState(() => {
    const [p, s] = path.split('?');
    return { path: p!, search: s ? `?${s}` : '' };
  });
  const value = useMemo<RouterValue>(
    () => ({
      location,
      navigate: (to) => {
        const [p, s] = to.split('?');
        setLocation({ path: p!, search: s ? `?${s}` : '' });
      },
    }),
    [location],
  );
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}
