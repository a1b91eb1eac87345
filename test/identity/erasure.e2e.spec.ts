import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildReadModel } from '../../projections/rebuild.js';
import type { Sealed } from '../../src/shared/domain/sealed.js';
import { identifierKey } from '../../src/identity/application/attempt-keys.js';
import { openSealedMany } from '../../src/identity/infrastructure/postgres/postgres-personal-data-vault.js';
import { officeHours } from '../support/write-side.js';
import { startTestServer, type Client, type TestServer } from '../support/test-server.js';
import { bearer, linkToken, login, mailTo, me, newPerson, registered, type NewPerson, type Tokens } from './identity-test-helpers.js';
import { futureMonday } from '../support/future-day.js';

const DAY = futureMonday();
// The site is in Reykjavík (UTC all year), so wall-clock times read as instants.
const at = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

interface Person {
  input: NewPerson;
  userId: string;
  tokens: Tokens;
  bookingId: string;
  /** Every personal value they ever gave, none of which may survive the erasure. */
  personalValues: string[];
  historyBefore: { eventId: string; type: string }[];
  verificationToken: string;
}

describe('erasure by crypto-shredding (DELETE /api/v1/users/{id})', () => {
  let server: TestServer;
  let admin: Client;
  let staff: Client;
  let auditor: Client;
  let stranger: Client;
  let spaceId: string;
  /** Erases herself. */
  let pia: Person;
  /** Erased by an admin. */
  let rui: Person;

  const asPerson = (p: Person): Client => (method, path, options = {}) => server.anonymous(method, path, { ...options, headers: { ...bearer(p.tokens.accessToken), ...options.headers } });
  const sealedIn = async (userId: string): Promise<Sealed[]> =>
    (await server.pool.query<{ personal: Sealed }>(`SELECT data->'personal' AS personal FROM eventstore.events WHERE stream_id = $1 AND data ? 'personal' ORDER BY global_position`, [`user-${userId}`])).rows.map((r) => r.personal);
  const erasedEvents = async (userId: string) => Number((await server.pool.query(`SELECT count(*) AS n FROM eventstore.events WHERE stream_id = $1 AND event_type = 'UserErased'`, [`user-${userId}`])).rows[0].n);

  /** Registers, becomes a booker, books a room and fills in their profile, all over HTTP. */
  async function onboard(name: string, slot: [string, string]): Promise<Person> {
    const input = newPerson(name);
    const userId = await registered(server, input);
    const verification = await server.mail.waitForMail(mailTo(input.email));
    expect((await admin('POST', `/api/v1/users/${userId}/roles`, { body: { role: 'booker' } })).status).toBe(200);
    const tokens = await login(server, input.username, input.password);
    const person = { input, userId, tokens } as Person;
    const booked = await asPerson(person)('POST', '/api/v1/bookings', { body: { spaceId, start: at(slot[0]), end: at(slot[1]), purpose: 'Quarterly planning', participants: 3 } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const bio = `${name} likes the window seat`;
    const newName = `${name} Renamed ${randomUUID().slice(0, 8)}`;
    const profile = await asPerson(person)('PATCH', '/api/v1/users/me', { body: { displayName: newName, bio } });
    expect(profile.status).toBe(200);
    // Attempt counters that name them: a wrong password, a reset request.
    expect((await server.anonymous('POST', '/api/v1/auth/token', { body: { login: input.email, password: 'not-their-password-1' } })).status).toBe(401);
    expect((await server.anonymous('POST', '/api/v1/auth/password-reset', { body: { email: input.email } })).status).toBe(200);
    // The reset is recorded after the answer; its email says it is done.
    await server.mail.waitForMail((m) => mailTo(input.email)(m) && (m.text ?? '').includes('/reset-password?token='));
    const history = await auditor('GET', `/api/v1/users/${userId}/history`);
    expect(history.status).toBe(200);
    return {
      ...person,
      bookingId: booked.body.id,
      personalValues: [input.email, input.username, input.displayName, newName, bio],
      historyBefore: history.body.entries.map((e: { eventId: string; type: string }) => ({ eventId: e.eventId, type: e.type })),
      verificationToken: linkToken(verification, 'verify-email'),
    };
  }

  beforeAll(async () => {
    server = await startTestServer();
    admin = server.as(randomUUID(), ['admin']);
    staff = server.as(randomUUID(), ['staff']);
    auditor = server.as(randomUUID(), ['auditor']);
    stranger = server.as(randomUUID(), ['booker']);
    for (const client of [admin, staff, auditor, stranger]) expect((await client('GET', '/api/v1/users/me')).status).toBe(200);
    const site = await admin('POST', '/api/v1/sites', {
      body: { name: 'Harpa', address: 'Austurbakki 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.93, timeZone: 'Atlantic/Reykjavik', kind: 'office' },
    });
    expect(site.status).toBe(201);
    const space = await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: 'Eldborg', kind: 'meeting_room', capacity: 8, policy: officeHours } });
    expect(space.status).toBe(201);
    spaceId = space.body.id;
    pia = await onboard('Pia', ['09:00', '10:00']);
    rui = await onboard('Rui', ['11:00', '12:00']);
  });
  afterAll(() => server?.close());

  it('before the erasure, their personal data opens, admins find them and attempt counters name them', async () => {
    for (const p of [pia, rui]) expect(await attemptRowsOf(p)).toBeGreaterThan(0);
    for (const p of [pia, rui]) {
      const opened = await openSealedMany<{ email: string }>(server.pool, await sealedIn(p.userId));
      expect(opened.map((o) => o?.email)).toEqual([p.input.email, p.input.email]);
      const found = await admin('GET', `/api/v1/users?q=${encodeURIComponent(p.input.email)}`, { strong: true });
      expect(found.body.items.map((u: { userId: string }) => u.userId)).toEqual([p.userId]);
    }
  });

  it('nobody else without users.manage can erase them: 404, like a missing account, and nothing changes', async () => {
    const events = await server.eventCount();
    expect((await stranger('DELETE', `/api/v1/users/${pia.userId}`)).status).toBe(404);
    expect((await asPerson(rui)('DELETE', `/api/v1/users/${pia.userId}`)).status).toBe(404);
    expect(await server.eventCount()).toBe(events);
    expect((await me(server, pia.tokens.accessToken)).status).toBe(200);
    expect((await admin('GET', `/api/v1/users/${pia.userId}`, { strong: true })).status).toBe(200);
  });

  it('erasing someone else needs every permission they hold, where they hold it: users.manage alone erases no admin', async () => {
    const desk = ['users.manage', 'users.read', 'catalog.read', 'booking.create', 'booking.read.own', 'booking.change.own', 'booking.cancel.own', 'booking.checkin'];
    expect((await admin('POST', '/api/v1/roles', { body: { name: 'erasure-desk', permissions: desk } })).status).toBe(201);
    const siteId = (await admin('GET', `/api/v1/spaces/${spaceId}`)).body.siteId as string;
    const deskId = randomUUID();
    const deskCall = bearer(await server.tokenFor(deskId, ['erasure-desk']));
    const [adminId, hotelierId, bookerId] = [randomUUID(), randomUUID(), randomUUID()];
    await server.tokenFor(adminId, ['admin']);
    await server.tokenFor(hotelierId, ['hotelier'], [siteId]);
    await server.tokenFor(bookerId, ['booker']);
    const asDesk = (method: string, path: string) => server.anonymous(method, path, { headers: deskCall });
    const events = await server.eventCount();

    const refused = await asDesk('DELETE', `/api/v1/users/${adminId}`);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/erasing this account needs \S+, which you do not hold/);
    // A permission the hotelier holds on one site only is needed on that site.
    expect((await asDesk('DELETE', `/api/v1/users/${hotelierId}`)).status).toBe(403);
    expect(await server.eventCount()).toBe(events);
    expect(await erasedEvents(adminId)).toBe(0);
    expect(await erasedEvents(hotelierId)).toBe(0);

    // Within what the desk holds, it erases; an admin erases the hotelier.
    expect((await asDesk('DELETE', `/api/v1/users/${bookerId}`)).status).toBe(200);
    expect((await admin('DELETE', `/api/v1/users/${hotelierId}`)).status).toBe(200);
    expect(await erasedEvents(bookerId)).toBe(1);
    expect(await erasedEvents(hotelierId)).toBe(1);
  });

  it('someone holding users.manage everywhere cannot erase themselves (so someone always can manage users); another admin can erase them', async () => {
    const loneId = randomUUID();
    const lone = bearer(await server.tokenFor(loneId, ['admin']));
    const events = await server.eventCount();
    const refused = await server.anonymous('DELETE', `/api/v1/users/${loneId}`, { headers: lone });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/ask another admin/);
    expect(await server.eventCount()).toBe(events);
    expect((await server.anonymous('GET', '/api/v1/users/me', { headers: lone })).status).toBe(200);
    expect((await admin('DELETE', `/api/v1/users/${loneId}`)).status).toBe(200);
    expect(await erasedEvents(loneId)).toBe(1);
  });

  it('the person can erase themselves, and an admin can erase someone else', async () => {
    expect(await asPerson(pia)('DELETE', `/api/v1/users/${pia.userId}`)).toMatchObject({ status: 200, body: { done: true } });
    expect(await admin('DELETE', `/api/v1/users/${rui.userId}`)).toMatchObject({ status: 200, body: { done: true } });
    expect(await erasedEvents(pia.userId)).toBe(1);
    expect(await erasedEvents(rui.userId)).toBe(1);
  });

  it('their access and refresh tokens are refused and they can no longer log in', async () => {
    for (const p of [pia, rui]) {
      expect((await me(server, p.tokens.accessToken)).status).toBe(401);
      expect((await server.anonymous('POST', '/api/v1/auth/refresh', { body: { refreshToken: p.tokens.refreshToken } })).status).toBe(401);
      for (const loginName of [p.input.email, p.input.username]) {
        expect((await server.anonymous('POST', '/api/v1/auth/token', { body: { login: loginName, password: p.input.password } })).status).toBe(401);
      }
    }
  });

  it('the verification link emailed before the erasure no longer verifies anything', async () => {
    const events = await server.eventCount();
    const res = await server.anonymous('POST', '/api/v1/auth/verify-email', { body: { token: pia.verificationToken } });
    // Erasure deleted the account's one-time tokens with its credentials: the link is simply invalid.
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'token', message: expect.stringContaining('invalid, expired or already used') }]);
    expect(await server.eventCount()).toBe(events);
    expect((await server.pool.query('SELECT 1 FROM identity.one_time_tokens WHERE user_id = $1', [pia.userId])).rowCount).toBe(0);
  });

  it('admins no longer find them, by search or by id', async () => {
    const all = await admin('GET', '/api/v1/users?limit=100', { strong: true });
    expect(all.status).toBe(200);
    const ids = all.body.items.map((u: { userId: string }) => u.userId);
    for (const p of [pia, rui]) {
      expect(ids).not.toContain(p.userId);
      for (const value of [p.input.email, p.input.username]) {
        expect((await admin('GET', `/api/v1/users?q=${encodeURIComponent(value)}`, { strong: true })).body).toMatchObject({ items: [], total: 0 });
      }
      expect((await admin('GET', `/api/v1/users/${p.userId}`, { strong: true })).status).toBe(404);
      expect((await auditor('GET', `/api/v1/users/${p.userId}`, { strong: true })).status).toBe(404);
    }
    expect(JSON.stringify(all.body)).not.toContain(pia.input.email);
  });

  it('the identity history still replays every event, with every personal field erased and no personal value left', async () => {
    for (const p of [pia, rui]) {
      const res = await auditor('GET', `/api/v1/users/${p.userId}/history`);
      expect(res.status).toBe(200);
      const entries: { eventId: string; type: string; data: Record<string, unknown> }[] = res.body.entries;
      // Everything recorded before is still there, in the same order, followed by the erasure.
      expect(entries.slice(0, p.historyBefore.length).map((e) => ({ eventId: e.eventId, type: e.type }))).toEqual(p.historyBefore);
      expect(entries.slice(p.historyBefore.length).map((e) => e.type)).toEqual(['UserErased', 'UserSessionRevoked']);
      expect(new Set(entries.map((e) => e.type))).toEqual(new Set(['UserRegistered', 'UserRoleGranted', 'UserLoggedIn', 'UserProfileUpdated', 'UserLoginFailed', 'UserPasswordResetRequested', 'UserErased', 'UserSessionRevoked']));
      const { rows } = await server.pool.query(`SELECT count(*) AS n FROM eventstore.events WHERE stream_id IN ($1, $2)`, [`user-${p.userId}`, `login-${p.userId}`]);
      expect(entries).toHaveLength(Number(rows[0].n));
      const withPersonal = entries.filter((e) => 'personal' in e.data);
      expect(withPersonal.map((e) => e.type)).toEqual(['UserRegistered', 'UserProfileUpdated']);
      for (const e of withPersonal) expect(e.data.personal).toEqual({ erased: true });
      const text = JSON.stringify(res.body).toLowerCase();
      for (const value of p.personalValues) expect(text).not.toContain(value.toLowerCase());
    }
  });

  it('their bookings remain as facts, readable by staff, still naming the same booker id', async () => {
    for (const p of [pia, rui]) {
      const booking = await staff('GET', `/api/v1/bookings/${p.bookingId}`, { strong: true });
      expect(booking.status).toBe(200);
      expect(booking.body).toMatchObject({ id: p.bookingId, bookerId: p.userId, spaceId, status: 'confirmed', purpose: 'Quarterly planning', participants: 3 });
      const history = await staff('GET', `/api/v1/bookings/${p.bookingId}/history`);
      expect(history.status).toBe(200);
      expect(history.body.entries.map((e: { type: string }) => e.type)).toContain('BookingRequested');
    }
    const listed = await staff('GET', `/api/v1/bookings?spaceId=${spaceId}`, { strong: true });
    expect(listed.body.items.map((b: { id: string }) => b.id).sort()).toEqual([pia.bookingId, rui.bookingId].sort());
  });

  const attemptRowsOf = async (p: Person) =>
    Number((await server.pool.query('SELECT count(*) AS n FROM identity.attempts WHERE key = ANY($1)', [[p.userId, identifierKey(p.input.email), identifierKey(p.input.username)]])).rows[0].n);

  it('their attempt counters are gone too', async () => {
    for (const p of [pia, rui]) expect(await attemptRowsOf(p)).toBe(0);
  });

  it('the sealed personal data in the raw events no longer decrypts: the key is gone, and no plaintext is in the log', async () => {
    for (const p of [pia, rui]) {
      const sealed = await sealedIn(p.userId);
      expect(sealed).toHaveLength(2);
      expect(await openSealedMany(server.pool, sealed)).toEqual([null, null]);
      expect((await server.pool.query('SELECT 1 FROM identity.person_keys WHERE person_id = $1', [p.userId])).rowCount).toBe(0);
      expect((await server.pool.query('SELECT 1 FROM identity.erased_persons WHERE person_id = $1', [p.userId])).rowCount).toBe(1);
      expect((await server.pool.query('SELECT 1 FROM identity.accounts WHERE user_id = $1', [p.userId])).rowCount).toBe(0);
      for (const value of p.personalValues) {
        const { rows } = await server.pool.query(`SELECT count(*) AS n FROM eventstore.events WHERE strpos(lower(data::text || metadata::text), lower($1)) > 0`, [value]);
        expect(Number(rows[0].n), value).toBe(0);
      }
    }
  });

  it('erasing again is idempotent: an admin gets 200 and the account stream records nothing new; an unknown id is 404', async () => {
    // 200, not 404: the erasure records its event first and shreds after, so a repeat (a client
    // retrying after a lost response, or after a failure half-way) must run the shredding steps
    // again and confirm the outcome. The account fact (UserErased) is not recorded twice.
    const revisionBefore = (await server.store.readStream(`user-${rui.userId}`)).length;
    expect(await admin('DELETE', `/api/v1/users/${rui.userId}`)).toMatchObject({ status: 200, body: { done: true } });
    expect(await admin('DELETE', `/api/v1/users/${pia.userId}`)).toMatchObject({ status: 200, body: { done: true } });
    expect((await server.store.readStream(`user-${rui.userId}`)).length).toBe(revisionBefore);
    expect(await erasedEvents(rui.userId)).toBe(1);
    expect(await erasedEvents(pia.userId)).toBe(1);
    // Someone without users.manage still cannot tell an erased account from a missing one.
    expect((await stranger('DELETE', `/api/v1/users/${rui.userId}`)).status).toBe(404);
    expect((await admin('DELETE', `/api/v1/users/${randomUUID()}`)).status).toBe(404);
  });

  it('their email and username can be registered again by a new person', async () => {
    const again = { ...newPerson('Noa'), email: pia.input.email, username: pia.input.username };
    const userId = await registered(server, again);
    expect(userId).not.toBe(pia.userId);
    const tokens = await login(server, again.email, again.password);
    expect((await me(server, tokens.accessToken)).body).toMatchObject({ userId, email: pia.input.email, username: pia.input.username, displayName: again.displayName });
    const found = await admin('GET', `/api/v1/users?q=${encodeURIComponent(pia.input.email)}`, { strong: true });
    expect(found.body.items.map((u: { userId: string }) => u.userId)).toEqual([userId]);
    // The old account stays erased.
    expect((await admin('GET', `/api/v1/users/${pia.userId}`)).status).toBe(404);
  });

  it('a full rebuild of every read model from position zero equals the live read models (invariant 2 holds after erasure)', async () => {
    await admin('GET', '/api/v1/users', { strong: true });
    const report = await rebuildReadModel({ store: server.store, pool: server.pool, projection: 'all' });
    expect(report.differences).toEqual([]);
    expect(report.equal).toBe(true);
  });
});
