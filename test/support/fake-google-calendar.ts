import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the parts of Google that Google Calendar sync uses, on 127.0.0.1: the
 * OAuth2 consent page (answers at once, as the person would), token endpoint
 * (authorization_code and refresh_token grants), revocation, Calendar v3 calendarList.list and
 * events insert/get/update/patch/delete — with Google's JSON shapes and error bodies. The real
 * googleapis client is pointed here through `env`. Every request is recorded; tests can expire
 * access tokens, revoke grants (invalid_grant) and make the next requests fail.
 */
export interface FakeGoogleCalendar {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The product's configuration pointing at this server. */
  env: Record<string, string>;
  /** Every request, oldest first. */
  requests: RecordedRequest[];
  /** The Calendar API requests only (`/calendar/v3/…`). */
  calendarRequests(): RecordedRequest[];
  /** What the next consent does: sign in as `account` and allow, deny (`access_denied`), or allow only `scopes`. */
  consent: { account: string; answer: 'allow' | 'deny'; scopes?: string[] };
  /** Every event of a calendar (deleted ones too, with status `cancelled`, as Google keeps them). */
  events(calendarId: string): FakeEvent[];
  /** The refresh token last issued to an account. */
  refreshTokenOf(account: string): string | undefined;
  /** Refresh tokens revoked through the revocation endpoint. */
  revokedTokens(): string[];
  /** Every access token issued so far answers 401 from now on (as if it had expired early). */
  expireAccessTokens(): void;
  /** The person revoked our access in their Google account: refresh answers invalid_grant, access tokens 401. */
  revokeAccess(account: string): void;
  /** The next `count` Calendar API requests fail with `status` (429, 403 rate limit, 5xx…); `retryAfterSeconds` sets Retry-After. */
  failNext(count: number, failure: { status: number; reason?: string; retryAfterSeconds?: number }): void;
  close(): Promise<void>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** JSON or form body, parsed; undefined when empty. */
  body: any;
  authorization: string | undefined;
}

export interface FakeEvent {
  kind: 'calendar#event';
  id: string;
  status: string;
  summary?: string;
  location?: string;
  description?: string;
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  visibility?: string;
  extendedProperties?: { private?: Record<string, string> };
  sequence: number;
  [field: string]: unknown;
}

interface Grant {
  account: string;
  scopes: string[];
  refreshToken: string;
  revoked: boolean;
}

interface Calendar {
  id: string;
  summary: string;
  accessRole: 'owner' | 'writer' | 'reader';
  primary?: boolean;
  account: string;
}

const ROLE_RANK = { freeBusyReader: 0, reader: 1, writer: 2, owner: 3 } as const;
const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';
const EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events';
const READONLY_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';

/** Google's error body of the Calendar API. */
function apiError(code: number, message: string, reason: string, domain = 'global', status?: string) {
  return { error: { code, message, errors: [{ message, domain, reason }], ...(status ? { status } : {}) } };
}

const UNAUTHENTICATED = {
  error: {
    code: 401,
    message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
    status: 'UNAUTHENTICATED',
  },
};

const FAILURES: Record<number, () => object> = {
  403: () => apiError(403, 'Rate Limit Exceeded', 'rateLimitExceeded', 'usageLimits'),
  429: () => apiError(429, 'Rate Limit Exceeded', 'rateLimitExceeded', 'usageLimits', 'RESOURCE_EXHAUSTED'),
  500: () => apiError(500, 'Backend Error', 'backendError', 'global', 'INTERNAL'),
  503: () => apiError(503, 'The service is currently unavailable.', 'backendError', 'global', 'UNAVAILABLE'),
};

const token = (prefix: string) => `${prefix}${randomBytes(18).toString('base64url')}`;

export async function startFakeGoogleCalendar(): Promise<FakeGoogleCalendar> {
  const clientId = 'reserva-test.apps.googleusercontent.com';
  const clientSecret = token('GOCSPX-');
  const requests: RecordedRequest[] = [];
  const codes = new Map<string, { grant: Grant; redirectUri: string }>();
  const grants = new Map<string, Grant>();
  const accessTokens = new Map<string, { grant: Grant; expired: boolean }>();
  const revoked: string[] = [];
  const calendars = new Map<string, Calendar>();
  const events = new Map<string, Map<string, FakeEvent>>();
  const failures: { status: number; reason?: string; retryAfterSeconds?: number }[] = [];
  let clock = 0;

  /** An account's calendars come into being when it first consents: its own, a team one it may write, holidays it may only read. */
  const ensureAccount = (account: string) => {
    if (calendars.has(account)) return;
    calendars.set(account, { id: account, summary: account, accessRole: 'owner', primary: true, account });
    const team = `team-${account.replace(/[^a-z0-9]/gi, '')}@group.calendar.google.com`;
    calendars.set(team, { id: team, summary: 'Team rooms', accessRole: 'writer', account });
    const holidays = `en.uk#holiday-${account.replace(/[^a-z0-9]/gi, '')}@group.v.calendar.google.com`;
    calendars.set(holidays, { id: holidays, summary: 'Holidays', accessRole: 'reader', account });
  };

  const fake: FakeGoogleCalendar = {
    url: '',
    clientId,
    clientSecret,
    env: {},
    requests,
    calendarRequests: () => requests.filter((r) => r.path.startsWith('/calendar/v3/')),
    consent: { account: 'ada@example.com', answer: 'allow' },
    events: (calendarId) => [...(events.get(calendarId)?.values() ?? [])],
    refreshTokenOf: (account) => [...grants.values()].filter((g) => g.account === account).at(-1)?.refreshToken,
    revokedTokens: () => [...revoked],
    expireAccessTokens: () => {
      for (const access of accessTokens.values()) access.expired = true;
    },
    revokeAccess: (account) => {
      for (const grant of grants.values()) if (grant.account === account) grant.revoked = true;
    },
    failNext: (count, failure) => {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

  function authorize(url: URL): Reply {
    const q = Object.fromEntries(url.searchParams);
    if (q.client_id !== clientId || !q.redirect_uri) return { status: 400, body: { error: 'invalid_client' } };
    const back = new URL(q.redirect_uri);
    if (q.state !== undefined) back.searchParams.set('state', q.state);
    if (fake.consent.answer === 'deny') {
      back.searchParams.set('error', 'access_denied');
      return { status: 302, headers: { Location: back.toString() } };
    }
    const asked = (q.scope ?? '').split(' ').filter(Boolean);
    const scopes = fake.consent.scopes ?? asked;
    ensureAccount(fake.consent.account);
    const code = token('4/0A');
    codes.set(code, { grant: { account: fake.consent.account, scopes, refreshToken: token('1//0g'), revoked: false }, redirectUri: q.redirect_uri });
    back.searchParams.set('code', code);
    back.searchParams.set('scope', scopes.join(' '));
    return { status: 302, headers: { Location: back.toString() } };
  }

  function issueAccess(grant: Grant) {
    const accessToken = token('ya29.');
    accessTokens.set(accessToken, { grant, expired: false });
    return { access_token: accessToken, expires_in: 3599, scope: grant.scopes.join(' '), token_type: 'Bearer' };
  }

  function tokenEndpoint(form: Record<string, string>): Reply {
    if (form.client_id !== clientId || form.client_secret !== clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
    }
    if (form.grant_type === 'authorization_code') {
      const issued = form.code ? codes.get(form.code) : undefined;
      if (form.code) codes.delete(form.code);
      if (!issued || issued.redirectUri !== form.redirect_uri) return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
      grants.set(issued.grant.refreshToken, issued.grant);
      return { status: 200, body: { ...issueAccess(issued.grant), refresh_token: issued.grant.refreshToken } };
    }
    if (form.grant_type === 'refresh_token') {
      const grant = form.refresh_token ? grants.get(form.refresh_token) : undefined;
      if (!grant || grant.revoked) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
      return { status: 200, body: issueAccess(grant) };
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${form.grant_type ?? ''}` } };
  }

  function revoke(tokenValue: string | undefined): Reply {
    const grant = tokenValue ? (grants.get(tokenValue) ?? accessTokens.get(tokenValue)?.grant) : undefined;
    if (!grant || grant.revoked) return { status: 400, body: { error: 'invalid_token', error_description: 'Token expired or revoked' } };
    grant.revoked = true;
    revoked.push(grant.refreshToken);
    return { status: 200, body: {} };
  }

  function calendarApi(method: string, path: string, query: Record<string, string>, body: any, authorization: string | undefined): Reply {
    const access = accessTokens.get(authorization?.replace(/^Bearer /, '') ?? '');
    if (!access || access.expired || access.grant.revoked) return { status: 401, body: UNAUTHENTICATED, headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/"' } };
    const failure = failures.shift();
    if (failure) {
      const body = failure.reason ? apiError(failure.status, failure.reason, failure.reason, 'usageLimits') : (FAILURES[failure.status]?.() ?? apiError(failure.status, 'Error', 'error'));
      return { status: failure.status, body, headers: failure.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(failure.retryAfterSeconds) } };
    }
    const { grant } = access;
    const can = (...scopes: string[]) => scopes.some((s) => grant.scopes.includes(s)) || grant.scopes.includes(CALENDAR_SCOPE);
    const insufficient = { status: 403, body: apiError(403, 'Request had insufficient authentication scopes.', 'insufficientPermissions', 'global', 'PERMISSION_DENIED') };

    if (method === 'GET' && path === '/calendar/v3/users/me/calendarList') {
      if (!can(READONLY_SCOPE)) return insufficient;
      const min = ROLE_RANK[(query.minAccessRole as keyof typeof ROLE_RANK) ?? 'freeBusyReader'] ?? 0;
      const items = [...calendars.values()]
        .filter((c) => c.account === grant.account && ROLE_RANK[c.accessRole] >= min)
        .map((c) => ({ kind: 'calendar#calendarListEntry', etag: '"1"', id: c.id, summary: c.summary, timeZone: 'UTC', accessRole: c.accessRole, ...(c.primary ? { primary: true } : {}) }));
      return { status: 200, body: { kind: 'calendar#calendarList', etag: '"p1"', nextSyncToken: 'sync-1', items } };
    }

    const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
    if (!match) return { status: 404, body: apiError(404, 'Not Found', 'notFound') };
    if (!can(EVENTS_SCOPE)) return insufficient;
    const requested = decodeURIComponent(match[1]!);
    const calendar = calendars.get(requested === 'primary' ? grant.account : requested);
    if (!calendar || calendar.account !== grant.account) return { status: 404, body: apiError(404, 'Not Found', 'notFound') };
    const writable = ROLE_RANK[calendar.accessRole] >= ROLE_RANK.writer;
    const store = events.get(calendar.id) ?? new Map<string, FakeEvent>();
    events.set(calendar.id, store);
    const eventId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    const now = () => new Date(Date.UTC(2030, 0, 1) + ++clock * 1000).toISOString();
    const forbidden = { status: 403, body: apiError(403, 'You need to have writer access to this calendar.', 'requiredAccessLevel') };
    const missingTimes = (e: any) => !e?.start?.dateTime || !e?.end?.dateTime;

    if (method === 'POST' && eventId === undefined) {
      if (!writable) return forbidden;
      if (body?.id !== undefined && !/^[a-v0-9]{5,1024}$/.test(body.id)) return { status: 400, body: apiError(400, 'Invalid resource id value.', 'invalid') };
      if (missingTimes(body)) return { status: 400, body: apiError(400, 'Missing end time.', 'required') };
      const id: string = body.id ?? token('').toLowerCase().replace(/[^a-v0-9]/g, '');
      if (store.has(id)) return { status: 409, body: apiError(409, 'The requested identifier already exists.', 'duplicate') };
      const at = now();
      const event: FakeEvent = {
        kind: 'calendar#event', etag: `"${clock}"`, status: 'confirmed', htmlLink: `https://www.google.com/calendar/event?eid=${id}`, created: at, updated: at,
        creator: { email: grant.account, self: true }, organizer: { email: calendar.id, self: true }, iCalUID: `${id}@google.com`, sequence: 0,
        reminders: { useDefault: true }, eventType: 'default', ...body, id,
      };
      store.set(id, event);
      return { status: 200, body: event };
    }
    if (eventId === undefined) return { status: 404, body: apiError(404, 'Not Found', 'notFound') };
    const existing = store.get(eventId);
    if (method === 'GET') return existing ? { status: 200, body: existing } : { status: 404, body: apiError(404, 'Not Found', 'notFound') };
    if (!writable) return forbidden;
    if (!existing) return { status: 404, body: apiError(404, 'Not Found', 'notFound') };
    if (method === 'PUT' || method === 'PATCH') {
      const merged = method === 'PUT' ? { ...body } : { ...existing, ...body };
      if (missingTimes(merged)) return { status: 400, body: apiError(400, 'Missing end time.', 'required') };
      const moved = merged.start.dateTime !== existing.start.dateTime || merged.end.dateTime !== existing.end.dateTime;
      const event: FakeEvent = {
        ...existing, status: 'confirmed', ...(method === 'PUT' ? { summary: undefined, location: undefined, description: undefined } : {}), ...merged,
        id: eventId, etag: `"${clock + 1}"`, updated: now(), sequence: existing.sequence + (moved ? 1 : 0),
      };
      store.set(eventId, event);
      return { status: 200, body: event };
    }
    if (method === 'DELETE') {
      if (existing.status === 'cancelled') return { status: 410, body: apiError(410, 'Resource has been deleted', 'deleted') };
      store.set(eventId, { ...existing, status: 'cancelled', updated: now() });
      return { status: 204 };
    }
    return { status: 405, body: apiError(405, 'Method Not Allowed', 'httpMethodNotAllowed') };
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const type = req.headers['content-type'] ?? '';
    let body: any;
    if (raw) body = type.includes('application/x-www-form-urlencoded') ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw);
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    requests.push({ method, path: url.pathname, query, body, authorization: req.headers.authorization });
    let reply: Reply;
    if (method === 'GET' && url.pathname === '/o/oauth2/v2/auth') reply = authorize(url);
    else if (method === 'POST' && url.pathname === '/token') reply = tokenEndpoint(body ?? {});
    else if (method === 'POST' && url.pathname === '/revoke') reply = revoke(query.token ?? body?.token);
    else reply = calendarApi(method, url.pathname, query, body, req.headers.authorization);
    res.writeHead(reply.status, { ...(reply.body === undefined ? {} : { 'Content-Type': 'application/json; charset=UTF-8' }), ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.env = {
    GOOGLE_CLIENT_ID: clientId,
    GOOGLE_CLIENT_SECRET: clientSecret,
    GOOGLE_API_ROOT_URL: `${fake.url}/`,
    GOOGLE_OAUTH_AUTH_URL: `${fake.url}/o/oauth2/v2/auth`,
    GOOGLE_OAUTH_TOKEN_URL: `${fake.url}/token`,
    GOOGLE_OAUTH_REVOKE_URL: `${fake.url}/revoke`,
  };
  return fake;
}
