// Calendar v3 alone: the package root loads every Google API (over a second at start-up).
import { auth, calendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar/index.js';
import {
  GOOGLE_CALENDAR_SCOPES,
  GoogleApiError,
  type GoogleCalendarGateway,
  type GoogleCalendarInfo,
  type GoogleCalendarSession,
  type GoogleEventBody,
} from '../application/google-calendar-ports.js';

type OAuth2Client = InstanceType<typeof auth.OAuth2>;

/** Where Google lives; every field overrides one endpoint (tests point them at a local fake; self-hosters at a proxy). */
export interface GoogleEndpoints {
  /** Calendar API root, default https://www.googleapis.com/ */
  apiRootUrl?: string;
  /** Consent page, default https://accounts.google.com/o/oauth2/v2/auth */
  authUrl?: string;
  /** Token endpoint, default https://oauth2.googleapis.com/token */
  tokenUrl?: string;
  /** Revocation endpoint, default https://oauth2.googleapis.com/revoke */
  revokeUrl?: string;
}

export interface GoogleApisGatewayOptions {
  clientId: string;
  clientSecret: string;
  /** Our callback, registered with the OAuth client in Google Cloud. */
  redirectUrl: string;
  endpoints?: GoogleEndpoints;
  /** Per request to Google. */
  timeoutMs?: number;
}

/** Sessions (and the access tokens in them, which are never stored) kept for this many people. */
const SESSIONS_CACHED = 10_000;
/** Rate-limit reasons of a 403 (others, such as a calendar the person may not write, are refusals). */
const THROTTLING_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);

/**
 * The Google Calendar gateway on the `googleapis` client: the OAuth2 client for consent, code
 * exchange, refresh and revocation, and Calendar v3. googleapis' own retries are off: the sync
 * worker retries with its durable backoff. Every failure leaves as a GoogleApiError with a
 * message of our own making — gaxios errors carry the request, tokens and client secret included.
 */
export class GoogleApisGateway implements GoogleCalendarGateway {
  private readonly sessions = new Map<string, { refreshToken: string; session: GoogleCalendarSession }>();

  constructor(private readonly options: GoogleApisGatewayOptions) {}

  authorizationUrl(state: string): string {
    return this.oauthClient().generateAuthUrl({ access_type: 'offline', prompt: 'consent', scope: [...GOOGLE_CALENDAR_SCOPES], state });
  }

  async exchangeCode(code: string): Promise<{ refreshToken: string | null; scopes: string[] }> {
    try {
      const { tokens } = await this.oauthClient().getToken(code);
      return { refreshToken: tokens.refresh_token ?? null, scopes: (tokens.scope ?? '').split(' ').filter(Boolean) };
    } catch (error) {
      throw googleApiError(error);
    }
  }

  async revoke(refreshToken: string): Promise<void> {
    for (const [userId, cached] of this.sessions) if (cached.refreshToken === refreshToken) this.sessions.delete(userId);
    try {
      await this.oauthClient().revokeToken(refreshToken);
    } catch (error) {
      throw googleApiError(error);
    }
  }

  session(account: { userId: string; refreshToken: string }): GoogleCalendarSession {
    const cached = this.sessions.get(account.userId);
    if (cached?.refreshToken === account.refreshToken) return cached.session;
    const session = this.newSession(account.refreshToken);
    this.sessions.delete(account.userId);
    this.sessions.set(account.userId, { refreshToken: account.refreshToken, session });
    if (this.sessions.size > SESSIONS_CACHED) this.sessions.delete(this.sessions.keys().next().value!);
    return session;
  }

  private oauthClient(): OAuth2Client {
    const { endpoints = {} } = this.options;
    return new auth.OAuth2({
      clientId: this.options.clientId,
      clientSecret: this.options.clientSecret,
      redirectUri: this.options.redirectUrl,
      endpoints: {
        ...(endpoints.authUrl ? { oauth2AuthBaseUrl: endpoints.authUrl } : {}),
        ...(endpoints.tokenUrl ? { oauth2TokenUrl: endpoints.tokenUrl } : {}),
        ...(endpoints.revokeUrl ? { oauth2RevokeUrl: endpoints.revokeUrl } : {}),
      },
    });
  }

  private newSession(refreshToken: string): GoogleCalendarSession {
    const client = this.oauthClient();
    // No access token yet: the first request fetches one with the refresh token.
    client.setCredentials({ refresh_token: refreshToken });
    const api = calendar({
      version: 'v3',
      auth: client,
      retry: false,
      timeout: this.options.timeoutMs ?? 30_000,
      ...(this.options.endpoints?.apiRootUrl ? { rootUrl: this.options.endpoints.apiRootUrl } : {}),
    });
    /** One request; on 401 the access token is dropped, so the retry refreshes it first (a refused refresh is invalid_grant). */
    const call = async <T>(request: () => Promise<T>): Promise<T> => {
      try {
        return await request();
      } catch (error) {
        if (statusOf(error) !== 401) throw googleApiError(error);
        client.setCredentials({ refresh_token: refreshToken });
        try {
          return await request();
        } catch (again) {
          throw googleApiError(again);
        }
      }
    };
    return {
      writableCalendars: () =>
        call(async () => {
          const calendars: GoogleCalendarInfo[] = [];
          let pageToken: string | undefined;
          do {
            const { data }: { data: calendar_v3.Schema$CalendarList } = await api.calendarList.list({ minAccessRole: 'writer', ...(pageToken ? { pageToken } : {}) });
            for (const item of data.items ?? []) {
              if (item.id) calendars.push({ id: item.id, summary: item.summaryOverride ?? item.summary ?? item.id, primary: item.primary === true });
            }
            pageToken = data.nextPageToken ?? undefined;
          } while (pageToken);
          return calendars;
        }),
      insertEvent: (calendarId, eventId, body) => call(async () => void (await api.events.insert({ calendarId, requestBody: { id: eventId, ...eventResource(body) } }))),
      updateEvent: (calendarId, eventId, body) => call(async () => void (await api.events.update({ calendarId, eventId, requestBody: eventResource(body) }))),
      deleteEvent: (calendarId, eventId) => call(async () => void (await api.events.delete({ calendarId, eventId }))),
    };
  }
}

const eventResource = (body: GoogleEventBody): calendar_v3.Schema$Event => ({ ...body });

/** gaxios hands a fetch Headers (of whichever fetch it uses) or a plain record. */
type HeaderBag = { get(name: string): string | null } | Record<string, string>;

interface GaxiosLikeError {
  code?: string;
  response?: { status: number; data?: unknown; headers?: HeaderBag };
}

function statusOf(error: unknown): number | undefined {
  return (error as GaxiosLikeError | null)?.response?.status;
}

/** What a googleapis/gaxios failure means for us, in words that hold no token, code or secret. */
export function googleApiError(error: unknown): GoogleApiError {
  if (error instanceof GoogleApiError) return error;
  const { response, code } = (error ?? {}) as GaxiosLikeError;
  if (!response) return new GoogleApiError('throttled', `Google could not be reached${typeof code === 'string' ? ` (${code})` : ''}`);
  const { status } = response;
  const data = (response.data ?? {}) as { error?: unknown; error_description?: unknown };
  if (data.error === 'invalid_grant') return new GoogleApiError('invalid_grant', 'Google refused the refresh token: access was revoked or has expired');
  const apiError = typeof data.error === 'object' && data.error !== null ? (data.error as { message?: unknown; errors?: { reason?: unknown }[] }) : undefined;
  const detail = typeof apiError?.message === 'string' ? apiError.message : typeof data.error === 'string' ? data.error : '';
  const message = `Google answered ${status}${detail ? `: ${detail.slice(0, 300)}` : ''}`;
  const reason = apiError?.errors?.[0]?.reason;
  if (status === 401) return new GoogleApiError('unauthorized', message);
  if (status === 404) return new GoogleApiError('not_found', message);
  if (status === 409) return new GoogleApiError('conflict', message);
  if (status === 410) return new GoogleApiError('gone', message);
  if (status === 429 || status >= 500 || (status === 403 && typeof reason === 'string' && THROTTLING_REASONS.has(reason))) {
    return new GoogleApiError('throttled', message, retryAfterMs(response.headers));
  }
  return new GoogleApiError('rejected', message);
}

/** Retry-After as delay-seconds or an HTTP date, in milliseconds from now. */
function retryAfterMs(headers: HeaderBag | undefined): number | undefined {
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
