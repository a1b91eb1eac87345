import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/client.js';
import type { Profile, TokenPair } from '../api/types.js';
import { TokenStore } from './token-store.js';

/** The signed-in person's profile, with their effective permissions (for menus; the API decides). */
export type SessionUser = Profile;

export interface SignInRequest {
  login: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

export interface Session {
  /** The signed-in person, null when signed out, undefined while the page still finds out. */
  user: SessionUser | null | undefined;
  /** Whether the person holds a permission (anywhere, or on that site). The server stays the judge. */
  can(permission: string, siteId?: string): boolean;
  signIn(request: SignInRequest): Promise<void>;
  signOut(everywhere?: boolean): Promise<void>;
  /** Reloads the profile, e.g. after changing it. */
  reloadProfile(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

async function renew(refreshToken: string): Promise<TokenPair | null> {
  const response = await fetch('/api/v1/auth/refresh', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ refreshToken }),
  });
  return response.ok ? ((await response.json()) as TokenPair) : null;
}

export function hasPermission(user: SessionUser | null | undefined, permission: string, siteId?: string): boolean {
  const grant = user?.permissions.find((p) => p.permission === permission);
  if (!grant) return false;
  return grant.siteIds === null || siteId === undefined || grant.siteIds.includes(siteId);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const store = useRef(new TokenStore(renew)).current;
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  const reloadProfile = useCallback(async () => {
    setUser(await api.get<SessionUser>('/users/me'));
  }, []);

  const endLocally = useCallback(() => {
    store.clear();
    setUser(null);
  }, [store]);

  useEffect(() => {
    api.useTokens({ accessToken: () => store.accessToken(), refresh: () => store.refresh(), expired: endLocally });
    let cancelled = false;
    (async () => {
      // A network failure here leaves the stored session for the next load; the page goes on signed out.
      const resumed = store.hasSession() && (await store.refresh().catch(() => false));
      const profile = resumed ? await api.get<SessionUser>('/users/me').catch(() => null) : null;
      if (!cancelled) setUser(profile);
    })();
    // Another tab signed in or out.
    const onStorage = (e: StorageEvent) => {
      if (e.key !== 'reserva.refreshToken') return;
      if (e.newValue === null) setUser(null);
      else if (e.oldValue === null) void store.refresh().then((ok) => (ok ? reloadProfile() : undefined));
    };
    window.addEventListener('storage', onStorage);
    return () => {
      cancelled = true;
      window.removeEventListener('storage', onStorage);
    };
  }, [store, endLocally, reloadProfile]);

  // Renew a minute before the access token runs out, so a page open for hours keeps working.
  useEffect(() => {
    if (!user) return;
    const timer = window.setInterval(() => {
      if (store.accessToken() && store.remainingSeconds() < 60) void store.refresh().then((ok) => ok || endLocally());
    }, 20_000);
    return () => window.clearInterval(timer);
  }, [user, store, endLocally]);

  const session = useMemo<Session>(
    () => ({
      user,
      can: (permission, siteId) => hasPermission(user, permission, siteId),
      signIn: async (request) => {
        const pair = await api.post<TokenPair>('/auth/token', request);
        store.save(pair);
        await reloadProfile();
      },
      signOut: async (everywhere = false) => {
        await api.post('/auth/logout', { everywhere }).catch(() => undefined);
        endLocally();
      },
      reloadProfile,
    }),
    [user, store, reloadProfile, endLocally],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** For component tests and previews: a fixed session. */
export function StaticSession({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
