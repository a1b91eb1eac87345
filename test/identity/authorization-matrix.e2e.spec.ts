import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from '../../src/identity/domain/permissions.js';
import { officeHours } from '../support/write-side.js';
import { startFakeGoogleCalendar, type FakeGoogleCalendar } from '../support/fake-google-calendar.js';
import { startTestServer, type Client, type TestServer } from '../support/test-server.js';
import { dayAfter, futureMonday } from '../support/future-day.js';

/**
 * Every operation of the published OpenAPI document, called anonymously, as every built-in
 * role and as a custom role granted on one site only. What each call must answer comes from
 * the document (`security`, `x-permissions`, `x-permission-scope`) and from the roles'
 * permissions, so the table follows the code; the hard-coded facts at the end pin what issue 3
 * asks for, so changing a route's access or a role's permissions alone breaks a test.
 */

/** A custom role held on the fixture site only: its users.read and roles.manage must open no global route. */
const SITE_DESK = 'matrix-site-desk';
const SITE_DESK_PERMISSIONS = ['users.read', 'roles.manage', 'catalog.read', 'catalog.manage', 'booking.read.own', 'booking.read.any'];

const DAY = futureMonday();
const hour = (h: number, day = DAY) => `${day}T${String(h).padStart(2, '0')}:00:00.000Z`;

interface Operation {
  method: string;
  path: string;
  operationId: string;
  /** Empty `security`: a public operation. */
  secured: boolean;
  /** `x-permissions`; null on public and 'authenticated' operations. */
  permissions: string[] | null;
  /** `x-permission-scope`: `site` lets a permission held on some site only reach the route. */
  scope: 'global' | 'site' | null;
}

interface Caller {
  /** A built-in role or SITE_DESK, or null for the anonymous caller. */
  role: string | null;
  /** Permissions held everywhere, and those held on the fixture site only. */
  global: readonly string[];
  onSite: readonly string[];
  userId: string | null;
  call: Client;
  /** Position in the table: keeps the bookings each caller makes in separate slots. */
  index: number;
}

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
}

type Expected = 'public' | 'unauthenticated' | 'admitted' | 'forbidden';

function expectedFor(op: Operation, caller: Caller): Expected {
  if (!op.secured) return 'public';
  if (caller.role === null) return 'unauthenticated';
  if (op.permissions === null) return 'admitted';
  // A grant on some sites only counts where the route lets the handler check the site.
  const held = op.scope === 'site' ? [...caller.global, ...caller.onSite] : caller.global;
  return op.permissions.some((p) => held.includes(p)) ? 'admitted' : 'forbidden';
}

function meets(expected: Expected, status: number): boolean {
  if (status >= 500) return false;
  switch (expected) {
    case 'public':
    case 'admitted':
      return status !== 401 && status !== 403;
    case 'unauthenticated':
      return status === 401;
    case 'forbidden':
      return status === 403;
  }
}

/**
 * Refusals by a handler after the route admitted the caller, each for a reason of scope. Every
 * entry must still happen (the test checks), so the list cannot quietly go stale.
 */
const HANDLER_REFUSALS: { operationId: string; role: string; status: number; why: string }[] = [
  // Both hold booking.change.own (their own bookings) and may see this one, which is someone else's.
  { operationId: 'changeBooking', role: 'manager', status: 403, why: "changing someone else's booking needs booking.change.any" },
  { operationId: 'changeBooking', role: 'hotelier', status: 403, why: "changing someone else's booking needs booking.change.any" },
];

/**
 * The auditor changes nothing; these non-GET operations only touch the caller's own account
 * (erasing someone else hides them: 404): their inbox, notification settings, push
 * subscriptions, calendar connections and their own calendar-feed links (read links to what they
 * may already see).
 */
const OWN_ACCOUNT_OPERATIONS = new Set([
  'logout', 'updateMyProfile', 'changeMyPassword', 'resendVerificationEmail', 'beginTwoFactor', 'confirmTwoFactor', 'disableTwoFactor', 'eraseUser',
  'markNotificationRead', 'markAllNotificationsRead', 'replaceNotificationPreferences', 'subscribeToPush', 'unsubscribeFromPush',
  'issueMyCalendarFeed', 'revokeMyCalendarFeed', 'issueSpaceCalendarFeed', 'revokeSpaceCalendarFeed',
  'connectGoogleCalendar', 'chooseGoogleCalendar', 'disconnectGoogleCalendar',
]);
/** Reads of the caller's own notifications and calendar settings, open to anyone signed in. */
const OWN_ACCOUNT_READS = [
  'getMyProfile', 'getUser', 'getUserHistory', 'listNotifications', 'countUnreadNotifications', 'getNotificationPreferences', 'getPushPublicKey',
  'getMyCalendarFeed', 'getSpaceCalendarFeed', 'getGoogleCalendarConnection', 'getGoogleCalendarBookingSync',
];
/** Feed links carry a permission (what the feed shows) yet only create the caller's own read link. */
const PERMISSION_BEARING_OWN_OPERATIONS = new Set(['issueMyCalendarFeed', 'issueSpaceCalendarFeed']);

/** Operations that end the caller's session run after all others. */
const SESSION_ENDING = new Set(['logout']);

describe('authorization matrix: every operation × anonymous, every built-in role and a site-scoped custom role', () => {
  let server: TestServer;
  let google: FakeGoogleCalendar;
  let admin: Client;
  let owner: Client;
  let operations: Operation[];
  const callers: Caller[] = [];
  /** status by operationId, then by caller ('anonymous' or the role). */
  const results = new Map<string, Map<string, number>>();
  const subjectId = randomUUID();
  const f = {} as Record<'siteId' | 'spaceId' | 'retireSpaceId' | 'blackoutSpaceId' | 'resourceId' | 'retireResourceId' | 'blackoutId', string> &
    Record<'read' | 'change' | 'cancel' | 'approve' | 'reject' | 'checkIn' | 'complete' | 'noShow', string>;

  const bearer = (token: string): Client => (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { Authorization: `Bearer ${token}`, ...options.headers } });
  const created = async (res: Promise<{ status: number; body: any }>): Promise<string> => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };

  /** Minimal valid input per operation, on fixtures the hotelier holds its role for; anything else gets random ids and `{}`. */
  function callFor(op: Operation, caller: Caller): Call {
    const own = caller.userId ?? randomUUID();
    const booking = (bookingId: string, body: unknown = {}): Call => ({ params: { bookingId }, body });
    switch (op.operationId) {
      case 'listBlackouts':
        // Callers holding catalog.read on some sites only name one of them.
        return { query: `siteId=${f.siteId}` };
      case 'getSpaceAvailability':
        return { params: { spaceId: f.spaceId }, query: `from=${hour(8)}&to=${hour(20)}` };
      case 'registerSite':
        return { body: { name: `Matrix ${caller.role}`, address: '1 Test Way', city: 'Testville', latitude: 1, longitude: 1, timeZone: 'UTC', kind: 'office' } };
      case 'updateSite':
        return { params: { siteId: f.siteId }, body: { name: `Matrix site (${caller.role})` } };
      case 'createSpace':
        return { body: { siteId: f.siteId, name: `Room of ${caller.role}`, kind: 'meeting_room', capacity: 4, policy: officeHours } };
      case 'updateSpace':
        return { params: { spaceId: f.spaceId }, body: { capacity: 9 } };
      case 'retireSpace':
        return { params: { spaceId: f.retireSpaceId } };
      case 'createResource':
        return { body: { siteId: f.siteId, name: `Screen of ${caller.role}`, category: 'equipment', quantity: 1 } };
      case 'updateResource':
        return { params: { resourceId: f.resourceId }, body: { quantity: 3 } };
      case 'retireResource':
        return { params: { resourceId: f.retireResourceId } };
      case 'declareBlackout':
        return { body: { target: { kind: 'space', spaceId: f.blackoutSpaceId }, start: hour(8 + caller.index, dayAfter(DAY, 2)), end: hour(9 + caller.index, dayAfter(DAY, 2)), reason: 'matrix' } };
      case 'liftBlackout':
        return { params: { blackoutId: f.blackoutId }, body: { reason: 'matrix' } };
      case 'requestBooking':
        return { body: { spaceId: f.spaceId, start: hour(8 + caller.index), end: hour(9 + caller.index), purpose: 'matrix', participants: 1, resources: [] } };
      case 'getBooking':
      case 'getBookingHistory':
        return { params: { bookingId: f.read } };
      case 'changeBooking':
        return booking(f.change, { participants: 2 });
      case 'cancelBooking':
        return booking(f.cancel, { reason: 'matrix' });
      case 'approveBooking':
        return booking(f.approve);
      case 'rejectBooking':
        return booking(f.reject);
      case 'checkInBooking':
        return booking(f.checkIn);
      case 'completeBooking':
        return booking(f.complete);
      case 'markBookingNoShow':
        return booking(f.noShow);
      case 'getUser':
      case 'getUserHistory':
        return { params: { userId: own } };
      case 'eraseUser':
        return { params: { userId: randomUUID() } };
      case 'grantRole':
        return { params: { userId: subjectId }, body: { role: 'viewer' } };
      case 'revokeRole':
        return { params: { userId: subjectId, role: 'client' } };
      case 'defineRole':
        return { body: { name: `matrix-${caller.role}`, permissions: ['catalog.read'] } };
      case 'changeRole':
        return { params: { name: 'matrix-role' }, body: { permissions: ['catalog.read', 'booking.read.own'] } };
      case 'deleteRole':
        return { params: { name: 'matrix-doomed' } };
      case 'getRole':
        return { params: { name: 'matrix-role' } };
      case 'updateMyProfile':
        return { body: { displayName: 'Matrix Caller' } };
      case 'changeMyPassword':
        return { body: { currentPassword: 'not the current password', newPassword: 'a brand new long passphrase' } };
      case 'confirmTwoFactor':
        return { body: { code: '000000' } };
      case 'disableTwoFactor':
        return { body: { password: 'not the current password', totp: '000000' } };
      case 'markNotificationRead':
        return { params: { notificationId: '999999999' } };
      case 'issueSpaceCalendarFeed':
      case 'getSpaceCalendarFeed':
      case 'revokeSpaceCalendarFeed':
        return { params: { spaceId: f.spaceId } };
      default:
        return {};
    }
  }

  async function invoke(op: Operation, caller: Caller): Promise<number> {
    const call = callFor(op, caller);
    // Catalog ids name the fixtures (public reads find them); other ids are guesses.
    const defaults: Record<string, string> = { siteId: f.siteId, spaceId: f.spaceId, resourceId: f.resourceId, role: 'no-such-role', name: 'no-such-role' };
    const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => call.params?.[name] ?? defaults[name] ?? randomUUID());
    const url = call.query ? `${path}?${call.query}` : path;
    if (op.method === 'get') return (await caller.call('GET', url, { strong: true })).status;
    return (await caller.call(op.method.toUpperCase(), url, { body: call.body ?? {} })).status;
  }

  beforeAll(async () => {
    google = await startFakeGoogleCalendar();
    server = await startTestServer(google.env);
    admin = server.as(randomUUID(), ['admin']);
    owner = server.as(randomUUID(), ['booker']);
    f.siteId = await created(admin('POST', '/api/v1/sites', { body: { name: 'Matrix HQ', address: '1 Test Way', city: 'Testville', latitude: 1, longitude: 1, timeZone: 'UTC', kind: 'office' } }));
    const space = (name: string) => created(admin('POST', '/api/v1/spaces', { body: { siteId: f.siteId, name, kind: 'meeting_room', capacity: 8, policy: officeHours } }));
    const resource = (name: string) => created(admin('POST', '/api/v1/resources', { body: { siteId: f.siteId, name, category: 'equipment', quantity: 2 } }));
    [f.spaceId, f.retireSpaceId, f.blackoutSpaceId, f.resourceId, f.retireResourceId] = await Promise.all([space('Main'), space('Retire me'), space('Blackouts'), resource('Projector'), resource('Old projector')]);
    f.blackoutId = await created(admin('POST', '/api/v1/blackouts', { body: { target: { kind: 'space', spaceId: f.blackoutSpaceId }, start: hour(8, dayAfter(DAY, 3)), end: hour(9, dayAfter(DAY, 3)), reason: 'fixture' } }));
    const bookingsOf = ['read', 'change', 'cancel', 'approve', 'reject', 'checkIn', 'complete', 'noShow'] as const;
    for (const [i, name] of bookingsOf.entries()) {
      f[name] = await created(owner('POST', '/api/v1/bookings', { body: { spaceId: f.spaceId, start: hour(8 + i, dayAfter(DAY, 1)), end: hour(9 + i, dayAfter(DAY, 1)), purpose: name, participants: 1, resources: [] } }));
    }
    expect((await server.as(subjectId, ['client', 'viewer'])('GET', '/api/v1/users/me')).status).toBe(200);
    for (const name of ['matrix-role', 'matrix-doomed']) expect((await admin('POST', '/api/v1/roles', { body: { name, permissions: ['catalog.read'] } })).status).toBe(201);

    expect((await admin('POST', '/api/v1/roles', { body: { name: SITE_DESK, permissions: SITE_DESK_PERMISSIONS } })).status).toBe(201);

    callers.push({ role: null, global: [], onSite: [], userId: null, call: server.anonymous, index: 0 });
    for (const role of [...Object.keys(BUILT_IN_ROLES), SITE_DESK]) {
      const userId = randomUUID();
      // The hotelier role only exists on sites, and SITE_DESK is the site-scoped custom role: both on the fixture site.
      const onSite = role === 'hotelier' || role === SITE_DESK;
      const call = onSite ? bearer(await server.tokenFor(userId, [role], [f.siteId])) : server.as(userId, [role]);
      expect((await call('GET', '/api/v1/users/me')).status, role).toBe(200);
      const permissions = BUILT_IN_ROLES[role] ?? SITE_DESK_PERMISSIONS;
      callers.push({ role, global: onSite ? [] : permissions, onSite: onSite ? permissions : [], userId, call, index: callers.length });
    }

    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    type DocumentedOperation = { operationId: string; security: unknown[]; 'x-permissions'?: string[]; 'x-permission-scope'?: 'global' | 'site' };
    operations = Object.entries(doc.paths as Record<string, Record<string, DocumentedOperation>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method,
        path,
        operationId: op.operationId,
        secured: op.security.length > 0,
        permissions: op['x-permissions'] ?? null,
        scope: op['x-permission-scope'] ?? null,
      })),
    );
    // Every call is made once, here; the tests below read the table.
    const ordered = [...operations.filter((o) => !SESSION_ENDING.has(o.operationId)), ...operations.filter((o) => SESSION_ENDING.has(o.operationId))];
    for (const op of ordered) {
      const statuses = await Promise.all(callers.map((caller) => invoke(op, caller)));
      results.set(op.operationId, new Map(callers.map((c, i) => [c.role ?? 'anonymous', statuses[i]!])));
    }
  });
  afterAll(async () => {
    await server?.close();
    await google?.close();
  });

  const statusOf = (operationId: string, caller: string): number => {
    const status = results.get(operationId)?.get(caller);
    if (status === undefined) throw new Error(`no call of ${operationId} as ${caller}`);
    return status;
  };

  it('covers the whole document', () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    // A secured operation names its permissions and where they must be held, or is open to anyone signed in; a public one names none.
    for (const op of operations) {
      if (!op.secured) expect(op.permissions, op.operationId).toBeNull();
      expect(op.scope === null, op.operationId).toBe(op.permissions === null);
    }
  });

  it('answers every call as the document and the built-in roles say', () => {
    const mismatches: { operation: string; caller: string; expected: Expected; status: number }[] = [];
    const refusalsSeen = new Set<(typeof HANDLER_REFUSALS)[number]>();
    for (const op of operations) {
      for (const caller of callers) {
        const name = caller.role ?? 'anonymous';
        const status = statusOf(op.operationId, name);
        const expected = expectedFor(op, caller);
        const refusal = HANDLER_REFUSALS.find((r) => r.operationId === op.operationId && r.role === caller.role && expected === 'admitted');
        if (refusal && status === refusal.status) {
          refusalsSeen.add(refusal);
          continue;
        }
        if (!meets(expected, status)) mismatches.push({ operation: `${op.method.toUpperCase()} ${op.path} (${op.operationId})`, caller: name, expected, status });
      }
    }
    if (mismatches.length > 0) console.table(mismatches);
    expect(mismatches).toEqual([]);
    expect([...refusalsSeen]).toEqual(HANDLER_REFUSALS);
  });

  describe('facts from issue 3, stated outright', () => {
    it('has exactly the built-in roles of the issue', () => {
      expect(Object.keys(BUILT_IN_ROLES).sort()).toEqual(['admin', 'analyst', 'auditor', 'booker', 'client', 'guest', 'hotelier', 'manager', 'staff', 'viewer']);
    });

    it('keeps public only registration, sign-in, keys, health and catalog reads (item 8)', () => {
      for (const op of operations) expect(statusOf(op.operationId, 'anonymous') === 401, op.operationId).toBe(op.secured);
      expect(operations.filter((o) => !o.secured).map((o) => o.operationId).sort()).toEqual(
        ['register', 'login', 'refreshToken', 'verifyEmail', 'requestPasswordReset', 'completePasswordReset', 'jwks', 'liveness', 'readiness', 'listSites', 'getSite', 'listSpaces', 'getSpace', 'getSpaceAvailability', 'listResources', 'getResource'].sort(),
      );
    });

    it('opens to anyone signed in only operations on their own account, whose handlers check whose it is', () => {
      expect(operations.filter((o) => o.secured && o.permissions === null).map((o) => o.operationId).sort()).toEqual(
        [...[...OWN_ACCOUNT_OPERATIONS].filter((id) => !PERMISSION_BEARING_OWN_OPERATIONS.has(id)), ...OWN_ACCOUNT_READS].sort(),
      );
    });

    it('lets viewers see but not book', () => {
      expect(statusOf('requestBooking', 'viewer')).toBe(403);
      expect(statusOf('listBookings', 'viewer')).toBe(200);
      for (const op of operations) if (op.method !== 'get' && op.permissions && !OWN_ACCOUNT_OPERATIONS.has(op.operationId)) expect(statusOf(op.operationId, 'viewer'), op.operationId).toBe(403);
      // A viewer may subscribe to what they may see.
      expect(statusOf('issueMyCalendarFeed', 'viewer')).toBe(201);
    });

    it('lets bookers, clients and guests book but not manage the catalog or approve', () => {
      for (const role of ['booker', 'client', 'guest']) {
        expect(statusOf('requestBooking', role), role).toBe(201);
        for (const id of ['createSpace', 'registerSite', 'declareBlackout', 'approveBooking', 'completeBooking', 'listUsers']) expect(statusOf(id, role), `${role} ${id}`).toBe(403);
        // Someone else's booking is not theirs to read.
        expect(statusOf('getBooking', role), role).toBe(404);
      }
    });

    it('lets the auditor read history and people but change nothing', () => {
      expect(statusOf('getBookingHistory', 'auditor')).toBe(200);
      expect(statusOf('listUsers', 'auditor')).toBe(200);
      const changes = operations.filter((o) => o.method !== 'get' && o.secured);
      for (const op of changes) {
        const status = statusOf(op.operationId, 'auditor');
        // Feed links follow the permissions the matrix above already checks.
        if (PERMISSION_BEARING_OWN_OPERATIONS.has(op.operationId)) continue;
        if (OWN_ACCOUNT_OPERATIONS.has(op.operationId)) expect(status, op.operationId).not.toBe(403);
        else expect(status, op.operationId).toBe(403);
      }
      expect(statusOf('eraseUser', 'auditor')).toBe(404);
    });

    it('keeps bookings from the analyst', () => {
      for (const id of ['listBookings', 'getBooking', 'getBookingHistory', 'requestBooking']) expect(statusOf(id, 'analyst'), id).toBe(403);
    });

    it('opens no global operation to permissions held on one site only', () => {
      for (const id of ['listUsers', 'listRoles', 'listPermissions', 'getRole', 'defineRole', 'changeRole', 'deleteRole', 'registerSite']) {
        expect(statusOf(id, SITE_DESK), id).toBe(403);
      }
      expect(statusOf('registerSite', 'hotelier')).toBe(403);
      expect(statusOf('listUsers', 'auditor')).toBe(200);
    });

    it('lets site-scoped grants reach the catalog and booking operations of their site', () => {
      for (const role of ['hotelier', SITE_DESK]) {
        expect(statusOf('createSpace', role), role).toBe(201);
        expect(statusOf('createResource', role), role).toBe(201);
        expect(statusOf('updateSpace', role), role).toBe(200);
        expect(statusOf('listBookings', role), role).toBe(200);
        expect(statusOf('getBooking', role), role).toBe(200);
        expect(statusOf('listBlackouts', role), role).toBe(200);
      }
      expect(statusOf('declareBlackout', 'hotelier')).toBe(201);
      expect(statusOf('requestBooking', 'hotelier')).toBe(201);
      expect(statusOf('declareBlackout', SITE_DESK)).toBe(403);
      const siteOperations = operations.filter((o) => o.scope === 'site').map((o) => o.operationId);
      expect(siteOperations.sort()).toEqual(
        [
          'updateSite', 'createSpace', 'updateSpace', 'retireSpace', 'createResource', 'updateResource', 'retireResource', 'listBlackouts', 'declareBlackout', 'liftBlackout',
          'requestBooking', 'previewBooking', 'previewBookingChange', 'listBookings', 'listBookingChanges', 'getBooking', 'getBookingHistory', 'changeBooking', 'cancelBooking', 'approveBooking', 'rejectBooking', 'checkInBooking', 'completeBooking', 'markBookingNoShow',
          'issueMyCalendarFeed', 'issueSpaceCalendarFeed',
          'getSpaceReport', 'getSiteReport', 'getPersonReport', 'getSpaceHeatmap', 'getSiteHeatmap', 'recommendSlots', 'getSpaceForecast', 'getSiteForecast',
        ].sort(),
      );
    });

    it('lets only admins manage roles and grants', () => {
      for (const id of ['defineRole', 'changeRole', 'deleteRole', 'grantRole', 'revokeRole']) {
        for (const caller of callers) {
          const status = statusOf(id, caller.role ?? 'anonymous');
          if (caller.role === 'admin') expect(status, id).toBe(id === 'defineRole' ? 201 : 200);
          else expect(status, `${caller.role} ${id}`).toBe(caller.role === null ? 401 : 403);
        }
      }
    });

    it('lets admins, staff, managers, auditors and the hotelier (on their site) read anyone’s booking', () => {
      for (const role of ['admin', 'staff', 'manager', 'auditor', 'hotelier']) expect(statusOf('getBooking', role), role).toBe(200);
    });

    it('serves public catalog reads to everyone, signed in or not', () => {
      for (const id of ['getSite', 'getSpace', 'getResource', 'listSpaces', 'getSpaceAvailability']) for (const caller of callers) expect(statusOf(id, caller.role ?? 'anonymous'), id).toBe(200);
    });

    it('stops a booker cancelling someone else’s booking, and lets a manager do it', async () => {
      const bookingId = await created(owner('POST', '/api/v1/bookings', { body: { spaceId: f.spaceId, start: hour(8, dayAfter(DAY, 4)), end: hour(9, dayAfter(DAY, 4)), purpose: 'mine', participants: 1, resources: [] } }));
      const other = server.as(randomUUID(), ['booker']);
      expect((await other('GET', '/api/v1/users/me')).status).toBe(200);
      const before = await server.eventCount();
      expect([403, 404]).toContain((await other('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: {} })).status);
      expect(await server.eventCount()).toBe(before);
      expect((await owner('GET', `/api/v1/bookings/${bookingId}`, { strong: true })).body.status).toBe('confirmed');
      const manager = server.as(randomUUID(), ['manager']);
      const cancelled = await manager('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'room needed' } });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
    });

    it('keeps a hotelier to their own sites', async () => {
      const otherSite = await created(admin('POST', '/api/v1/sites', { body: { name: 'Elsewhere', address: '2 Test Way', city: 'Testville', latitude: 2, longitude: 2, timeZone: 'UTC', kind: 'hotel' } }));
      // The matrix ended its callers' sessions (logout): a fresh hotelier of the fixture site.
      const hotelier = bearer(await server.tokenFor(randomUUID(), ['hotelier'], [f.siteId]));
      const space = { name: 'Suite', kind: 'hotel_room', capacity: 2, policy: officeHours };
      expect((await hotelier('POST', '/api/v1/spaces', { body: { ...space, siteId: otherSite } })).status).toBe(403);
      expect((await hotelier('PATCH', `/api/v1/sites/${otherSite}`, { body: { name: 'Mine now' } })).status).toBe(403);
      expect((await hotelier('POST', '/api/v1/spaces', { body: { ...space, siteId: f.siteId } })).status).toBe(201);
    });
  });
});
