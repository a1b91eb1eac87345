import type { TokenPair } from '../api/types.js';

const REFRESH_KEY = 'reserva.refreshToken';

/**
 * Tokens of this browser's session. The access token lives in memory only; the refresh token is
 * kept in localStorage so a reload or a second tab stays signed in. Refresh tokens are single-use
 * (a reuse revokes the session), so tabs renew one at a time under a Web Lock and each reads the
 * newest refresh token inside it.
 */
export class TokenStore {
  private access: { token: string; expiresAt: number } | null = null;

  constructor(
    private readonly renew: (refreshToken: string) => Promise<TokenPair | null>,
    private readonly storage: Storage = localStorage,
  ) {}

  accessToken(): string | null {
    return this.access?.token ?? null;
  }

  hasSession(): boolean {
    return this.storage.getItem(REFRESH_KEY) !== null;
  }

  save(pair: TokenPair): void {
    this.access = { token: pair.accessToken, expiresAt: Date.now() + pair.expiresIn * 1000 };
    this.storage.setItem(REFRESH_KEY, pair.refreshToken);
  }

  clear(): void {
    this.access = null;
    this.storage.removeItem(REFRESH_KEY);
  }

  /** Seconds the access token still has (0 when there is none). */
  remainingSeconds(): number {
    return this.access ? Math.max(0, Math.floor((this.access.expiresAt - Date.now()) / 1000)) : 0;
  }

  /** Renews the access token; false (and cleared) when the session is over. */
  async refresh(): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      // Another tab may rotate the token while we ask with the old one: then try again with the new one.
      for (let attempt = 0; attempt < 3; attempt++) {
        const refreshToken = this.storage.getItem(REFRESH_KEY);
        if (!refreshToken) return false;
        const pair = await this.renew(refreshToken);
        if (pair) {
          this.save(pair);
          return true;
        }
        if (this.storage.getItem(REFRESH_KEY) === refreshToken) break;
      }
      this.clear();
      return false;
    };
    return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks.request('reserva-token-refresh', run) : run();
  }
}
