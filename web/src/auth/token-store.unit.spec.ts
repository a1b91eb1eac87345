import { describe, expect, it } from 'vitest';
import type { TokenPair } from '../api/types.js';
import { TokenStore } from './token-store.js';

/** localStorage as two tabs share it. */
function sharedStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() { return map.size; },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

function pair(n: number): TokenPair {
  return { userId: 'u', accessToken: `access-${n}`, tokenType: 'Bearer', expiresIn: 600, refreshToken: `refresh-${n}`, refreshExpiresAt: '2030-01-01T00:00:00Z' };
}

/** The server's rule: each refresh token works once. */
function server() {
  let current = 'refresh-0';
  let n = 0;
  return async (token: string): Promise<TokenPair | null> => {
    if (token !== current) return null;
    const next = pair(++n);
    current = next.refreshToken;
    return next;
  };
}

describe('TokenStore', () => {
  it('renews with the newest refresh token another tab stored', async () => {
    const storage = sharedStorage();
    const renew = server();
    const tabA = new TokenStore(renew, storage);
    const tabB = new TokenStore(renew, storage);
    tabA.save(pair(0));
    expect(await tabA.refresh()).toBe(true);
    // Tab B never saw refresh-1 in memory: it reads it from storage, so no reuse, no revocation.
    expect(await tabB.refresh()).toBe(true);
    expect(tabB.accessToken()).toBe('access-2');
    expect(storage.getItem('reserva.refreshToken')).toBe('refresh-2');
  });

  it('ends the session when the server refuses the token', async () => {
    const storage = sharedStorage();
    const tab = new TokenStore(async () => null, storage);
    tab.save(pair(5));
    expect(await tab.refresh()).toBe(false);
    expect(tab.accessToken()).toBeNull();
    expect(tab.hasSession()).toBe(false);
  });
});
