import { randomUUID } from 'node:crypto';
import { hash as argon2Hash, verify as argon2Verify, type Algorithm } from '@node-rs/argon2';
import type { Request } from 'express';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import type { Authenticator } from '../src/http/auth/authenticator.js';
import { userStream } from '../src/identity/domain/identity.events.js';
import { DEFAULT_ARGON2 } from '../src/identity/infrastructure/argon2-password-hasher.js';
import { SERVICES } from '../src/platform/container.js';
import type { CommandContext } from '../src/shared/event-store/envelope.js';
import { PROVISIONED_PASSWORD, provisionedUsername } from '../test/support/provision-user.js';
import type { BenchFigure } from './bench-figure.js';
import { isMain, progress, runStandalone, type BenchOptions } from './support/bench-cli.js';
import { withBenchDatabase } from './support/bench-database.js';
import { runHttpLoad, type HttpLoadResult, type HttpRequestSpec } from './support/http-load-client.js';
import { startInProcessApi, type InProcessApi } from './support/in-process-api.js';
import { summarizeLatencies } from './support/latency.js';
import { measureLoop, type LoopMeasurement } from './support/measure-loop.js';

/**
 * Identity figures (issue 3): what checking an access token costs per request, and how many
 * logins per second argon2id at the production parameters allows.
 *
 * 1. Token verification, in this process against the real API's wiring on a fresh database:
 *    (a) jose `jwtVerify` alone on one of our ES256 access tokens (the product's JWKS and
 *    options) — the baseline; the token adapter, the session probe and the access resolution
 *    each alone; (b) the full bearer authenticator (verify + session not logged out + access
 *    folded from the user stream) per request. (c) Over HTTP (clients in a child process):
 *    an authenticated GET against the public `GET /healthz`.
 * 2. Logins: `POST /api/v1/auth/token` with 2 and 8 clients, each as its own account, against
 *    raw argon2id verifications per second at the same concurrency on this machine.
 */
const BENCH = 'identity';
const ARGON2 = DEFAULT_ARGON2;
const ARGON2_TEXT = `argon2id m=${ARGON2.memoryCost} KiB, t=${ARGON2.timeCost}, p=${ARGON2.parallelism}`;
/** The most the configuration accepts: the per-address login limiter (default 30/min) never refuses here. */
const LOGIN_ATTEMPTS_PER_MINUTE = 100_000;
const HTTP_CLIENTS = 8;
const LOGIN_CLIENTS = [2, 8] as const;
/** A long-lived account: the user stream the authenticator folds grows with profile changes, grants, two-factor changes. */
const LONG_STREAM_UPDATES = 100;
// `Algorithm` is an ambient const enum, which isolatedModules cannot read: use its value.
const ARGON2ID = 2 as Algorithm.Argon2id;

interface Durations {
  /** In-process loops. */
  loop: number;
  /** Each HTTP load (after a warm-up of a fifth). */
  http: number;
  /** Each raw argon2id loop and each login load. */
  login: number;
}

const micros = (ms: number) => ms * 1000;
const meanMicros = (m: LoopMeasurement) => (m.seconds * 1e6) / m.ops;

/** A request as express hands it to the authenticator: only the Authorization header is read. */
function bearerRequest(token: string): Request {
  const header = `Bearer ${token}`;
  return { get: (name: string) => (name.toLowerCase() === 'authorization' ? header : undefined) } as unknown as Request;
}

function ownContext(userId: string): CommandContext {
  const id = randomUUID();
  return { actor: { id: userId, kind: 'user' }, permissions: new Set(), correlationId: id, causationId: id, now: new Date(), newId: randomUUID };
}

/** What the login route hands the use case: an anonymous caller from a loopback address. */
function loginContext(): CommandContext {
  return { ...ownContext('anonymous'), request: { ip: '127.0.0.1', userAgent: 'reserva-bench' } };
}

/** Unexpected answers of an HTTP load, reported on stderr and counted. */
function unexpected(label: string, result: HttpLoadResult): number {
  let count = 0;
  for (const [status, other] of Object.entries(result.others)) {
    progress(BENCH, `${label}: unexpected answer ${status} ×${other.count}: ${other.sample}`);
    count += other.count;
  }
  return count;
}

async function tokenVerification(api: InProcessApi, d: Durations): Promise<BenchFigure[]> {
  const { identity, runtime } = api;
  const { jwtIssuer, jwtAudience } = runtime.config.identity;
  const authenticator = runtime.container.get<Authenticator>(SERVICES.Authenticator);
  const userId = randomUUID();
  const token = await api.tokenFor(userId, ['booker']);
  const claims = await identity.deps.tokens.verify(token, new Date());
  const events = (await identity.deps.store.readStream(userStream(userId))).length;

  // (a) jose alone: the product's public keys and exactly the options PostgresAccessTokens checks.
  const keySet = createLocalJWKSet((await identity.jwks(new Date())) as unknown as JSONWebKeySet);
  const options = { algorithms: ['ES256'], typ: 'at+jwt', issuer: jwtIssuer, audience: jwtAudience, requiredClaims: ['sub', 'sid', 'jti', 'iat', 'exp'] };
  progress(BENCH, `bare jwtVerify, 1 caller and ${HTTP_CLIENTS} callers, ${d.loop}s each`);
  const bare = await measureLoop(() => jwtVerify(token, keySet, options), { seconds: d.loop });
  const bareConcurrent = await measureLoop(() => jwtVerify(token, keySet, options), { seconds: d.loop, callers: HTTP_CLIENTS });
  progress(BENCH, 'token adapter, session probe, access resolution alone');
  const adapter = await measureLoop(() => identity.deps.tokens.verify(token, new Date()), { seconds: d.loop });
  const session = await measureLoop(() => identity.deps.sessions.isActive(claims.sid, claims.sub, new Date()), { seconds: d.loop });
  const access = await measureLoop(() => identity.access.resolve(userId), { seconds: d.loop });

  // (b) the whole authenticator, as every authenticated request runs it.
  progress(BENCH, `full authenticator, 1 caller and ${HTTP_CLIENTS} callers`);
  const request = bearerRequest(token);
  const full = await measureLoop(() => authenticator(request), { seconds: d.loop });
  const fullConcurrent = await measureLoop(() => authenticator(request), { seconds: d.loop, callers: HTTP_CLIENTS });

  progress(BENCH, `full authenticator for an account with ${LONG_STREAM_UPDATES} profile changes`);
  const longLivedId = randomUUID();
  const longLivedToken = await api.tokenFor(longLivedId, ['booker']);
  for (let i = 0; i < LONG_STREAM_UPDATES; i++) await identity.profiles.update(longLivedId, { bio: `Update ${i}` }, undefined, ownContext(longLivedId));
  const longEvents = (await identity.deps.store.readStream(userStream(longLivedId))).length;
  const longLivedRequest = bearerRequest(longLivedToken);
  const longLived = await measureLoop(() => authenticator(longLivedRequest), { seconds: d.loop });

  const bareBaseline = { name: 'bare jose jwtVerify', value: meanMicros(bare) };
  const fullLatency = summarizeLatencies(full.latencies);
  const fullConcurrentLatency = summarizeLatencies(fullConcurrent.latencies);
  const name = (what: string) => `identity token: ${what}`;
  return [
    { name: name('bare jose jwtVerify, ES256 (product JWKS and options), 1 caller'), value: meanMicros(bare), unit: 'µs/op' },
    { name: name('bare jose jwtVerify, 1 caller'), value: bare.rate, unit: 'ops/s' },
    { name: name(`bare jose jwtVerify, ${HTTP_CLIENTS} callers`), value: bareConcurrent.rate, unit: 'ops/s' },
    { name: name('token adapter verify, a token seen before (signature checked once per process)'), value: meanMicros(adapter), unit: 'µs/op', baseline: bareBaseline, ratio: meanMicros(adapter) / bareBaseline.value },
    { name: name('session probe alone (identity.sessions primary key)'), value: meanMicros(session), unit: 'µs/op' },
    { name: name(`access resolution alone (user stream of ${events} events)`), value: meanMicros(access), unit: 'µs/op' },
    { name: name(`full authenticator per request, 1 caller (user stream of ${events} events)`), value: meanMicros(full), unit: 'µs/op', baseline: bareBaseline, ratio: meanMicros(full) / bareBaseline.value },
    { name: name('full authenticator, 1 caller, p50'), value: micros(fullLatency.p50), unit: 'µs' },
    { name: name('full authenticator, 1 caller, p99'), value: micros(fullLatency.p99), unit: 'µs' },
    { name: name('full authenticator, 1 caller'), value: full.rate, unit: 'ops/s', baseline: { name: 'bare jose jwtVerify, 1 caller', value: bare.rate }, ratio: full.rate / bare.rate },
    {
      name: name(`full authenticator, ${HTTP_CLIENTS} callers`),
      value: fullConcurrent.rate,
      unit: 'ops/s',
      baseline: { name: `bare jose jwtVerify, ${HTTP_CLIENTS} callers`, value: bareConcurrent.rate },
      ratio: fullConcurrent.rate / bareConcurrent.rate,
    },
    { name: name(`full authenticator, ${HTTP_CLIENTS} callers, p50`), value: micros(fullConcurrentLatency.p50), unit: 'µs' },
    { name: name(`full authenticator, ${HTTP_CLIENTS} callers, p99`), value: micros(fullConcurrentLatency.p99), unit: 'µs' },
    {
      name: name(`full authenticator, long-lived account (user stream of ${longEvents} events), 1 caller`),
      value: meanMicros(longLived),
      unit: 'µs/op',
      baseline: { name: `same, ${events} events`, value: meanMicros(full) },
      ratio: meanMicros(longLived) / meanMicros(full),
    },
  ];
}

/** (c) Over HTTP: the public health check, a GET refused after authentication, and the caller's own profile. */
async function authenticatedHttp(api: InProcessApi, d: Durations): Promise<BenchFigure[]> {
  const tokens = await Promise.all(Array.from({ length: HTTP_CLIENTS }, () => api.tokenFor(randomUUID(), ['booker'])));
  const endpoints = [
    { label: 'GET /healthz (public, no token)', path: '/healthz', status: 200, bearer: false },
    // A booker lacks users.read: authentication and the permission check run, the handler does not.
    { label: 'GET /api/v1/users as a booker (403 after authentication, no handler)', path: '/api/v1/users', status: 403, bearer: true },
    { label: 'GET /api/v1/users/me (authenticated, reads the profile)', path: '/api/v1/users/me', status: 200, bearer: true },
  ] as const;
  const figures: BenchFigure[] = [];
  let healthz: { rate: number; p50: number } | undefined;
  let refused: { rate: number; p50: number } | undefined;
  for (const endpoint of endpoints) {
    const spec = (i: number): HttpRequestSpec => ({ method: 'GET', path: endpoint.path, headers: endpoint.bearer ? { Authorization: `Bearer ${tokens[i]!}` } : {} });
    const load = (clients: number) => runHttpLoad({ baseUrl: api.baseUrl, requests: Array.from({ length: clients }, (_, i) => spec(i)), expectedStatus: endpoint.status, warmupMs: d.http * 200, durationMs: d.http * 1000 });
    progress(BENCH, `${endpoint.label}: 1 client, then ${HTTP_CLIENTS} clients, ${d.http}s each`);
    const single = await load(1);
    const many = await load(HTTP_CLIENTS);
    const singleLatency = summarizeLatencies(single.latencies);
    const manyLatency = summarizeLatencies(many.latencies);
    const rate = many.latencies.length / many.seconds;
    const name = (what: string) => `identity HTTP: ${endpoint.label}, ${what}`;
    const baseline = healthz && { name: 'unauthenticated /healthz', value: healthz.rate };
    figures.push(
      { name: name(`${HTTP_CLIENTS} clients`), value: rate, unit: 'req/s', ...(baseline ? { baseline, ratio: rate / baseline.value } : {}) },
      { name: name(`${HTTP_CLIENTS} clients, p50`), value: manyLatency.p50, unit: 'ms' },
      { name: name(`${HTTP_CLIENTS} clients, p99`), value: manyLatency.p99, unit: 'ms' },
      { name: name('1 client, p50'), value: singleLatency.p50, unit: 'ms', ...(healthz ? { baseline: { name: 'unauthenticated /healthz', value: healthz.p50 }, ratio: singleLatency.p50 / healthz.p50 } : {}) },
      { name: name('1 client, p99'), value: singleLatency.p99, unit: 'ms' },
      { name: name('answers other than the expected status'), value: unexpected(endpoint.label, single) + unexpected(endpoint.label, many), unit: 'requests', target: '= 0' },
    );
    if (endpoint.path === '/healthz') healthz = { rate, p50: singleLatency.p50 };
    if (endpoint.status === 403) refused = { rate, p50: singleLatency.p50 };
  }
  if (healthz && refused) {
    figures.push(
      { name: `identity HTTP: authentication cost per request, saturated (1/rate, 403 route − /healthz, ${HTTP_CLIENTS} clients)`, value: 1e6 / refused.rate - 1e6 / healthz.rate, unit: 'µs' },
      { name: 'identity HTTP: authentication cost per request, 1 client (p50, 403 route − /healthz)', value: micros(refused.p50 - healthz.p50), unit: 'µs' },
    );
  }
  return figures;
}

/** 2. Logins through HTTP against raw argon2id verifications, at the same concurrency. */
async function loginThroughput(api: InProcessApi, d: Durations): Promise<BenchFigure[]> {
  const maxClients = Math.max(...LOGIN_CLIENTS);
  progress(BENCH, `registering ${maxClients} accounts (${ARGON2_TEXT})`);
  const userIds = Array.from({ length: maxClients }, () => randomUUID());
  await Promise.all(userIds.map((id) => api.tokenFor(id, ['booker'])));

  progress(BENCH, `raw ${ARGON2_TEXT}: hash, then verify around each login measurement`);
  const params = { ...ARGON2, algorithm: ARGON2ID };
  const stored = await argon2Hash(PROVISIONED_PASSWORD, params);
  const rawHash = await measureLoop(() => argon2Hash(PROVISIONED_PASSWORD, params), { seconds: d.login });
  const rawVerify = async (callers: number) => {
    const m = await measureLoop(async () => {
      if (!(await argon2Verify(stored, PROVISIONED_PASSWORD))) throw new Error('argon2id verify failed');
    }, { seconds: d.login / 2, callers });
    return m.rate;
  };
  /**
   * The baseline is measured for half the time just before and half just after `measure`, and
   * averaged: other work on a shared machine then weighs on both sides of the ratio alike.
   */
  const bracketed = async <T>(callers: number, measure: () => Promise<T>): Promise<{ verifyRate: number; measured: T }> => {
    const before = await rawVerify(callers);
    const measured = await measure();
    return { verifyRate: (before + (await rawVerify(callers))) / 2, measured };
  };
  const threadpool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  // The use case without HTTP, one login at a time: what it adds to the hash (limiter, session,
  // token, events: about eight sequential round trips).
  progress(BENCH, `login use case in process (SignIn.login), 1 caller, ${d.login}s`);
  const login = { login: provisionedUsername(userIds[0]!), password: PROVISIONED_PASSWORD };
  const { verifyRate: verifyAlone, measured: useCase } = await bracketed(1, () => measureLoop(() => api.identity.signIn.login(login, loginContext()), { seconds: d.login }));
  const name = (what: string) => `identity login: ${what}`;
  const figures: BenchFigure[] = [
    { name: name('per-address login limit for this bench (LOGIN_ATTEMPTS_PER_MINUTE; default 30) so the limiter never refuses'), value: LOGIN_ATTEMPTS_PER_MINUTE, unit: 'attempts/min' },
    { name: name('libuv threadpool running argon2id (UV_THREADPOOL_SIZE)'), value: threadpool, unit: 'threads' },
    { name: name(`raw ${ARGON2_TEXT} hash, 1 caller`), value: rawHash.rate, unit: 'hashes/s' },
    { name: name(`raw ${ARGON2_TEXT} verify, 1 caller (mean of before and after the next)`), value: verifyAlone, unit: 'verifies/s' },
    { name: name('login use case in process (SignIn.login, no HTTP), 1 caller'), value: useCase.rate, unit: 'logins/s', baseline: { name: 'raw argon2id verify, 1 caller', value: verifyAlone }, ratio: useCase.rate / verifyAlone },
    { name: name('time a login adds to the hash, 1 caller (1/login rate − 1/verify rate)'), value: 1000 / useCase.rate - 1000 / verifyAlone, unit: 'ms' },
  ];
  for (const clients of LOGIN_CLIENTS) {
    progress(BENCH, `POST /api/v1/auth/token, ${clients} clients, ${d.login}s`);
    const requests = userIds.slice(0, clients).map((id): HttpRequestSpec => ({ method: 'POST', path: '/api/v1/auth/token', body: JSON.stringify({ login: provisionedUsername(id), password: PROVISIONED_PASSWORD }) }));
    const { verifyRate, measured: load } = await bracketed(clients, () =>
      runHttpLoad({ baseUrl: api.baseUrl, requests, expectedStatus: 200, warmupMs: Math.min(2_000, d.login * 200), durationMs: d.login * 1000 }),
    );
    const latency = summarizeLatencies(load.latencies);
    const rate = load.expected / load.seconds;
    const label = `${clients} clients`;
    figures.push(
      { name: name(`raw ${ARGON2_TEXT} verify, ${clients} callers (mean of before and after the next)`), value: verifyRate, unit: 'verifies/s' },
      { name: name(`POST /api/v1/auth/token, ${ARGON2_TEXT}, ${label}`), value: rate, unit: 'logins/s', baseline: { name: `raw argon2id verify, ${clients} callers`, value: verifyRate }, ratio: rate / verifyRate },
      { name: name(`${label}, p50`), value: latency.p50, unit: 'ms' },
      { name: name(`${label}, p99`), value: latency.p99, unit: 'ms' },
      { name: name(`${label}, answers other than 200`), value: unexpected(`login, ${label}`, load), unit: 'requests', target: '= 0' },
    );
  }
  return figures;
}

export async function runIdentityBench(opts: BenchOptions): Promise<BenchFigure[]> {
  const scale = opts.scale ?? 1;
  const d: Durations = { loop: Math.max(1, Math.round(5 * scale)), http: Math.max(1, Math.round(5 * scale)), login: Math.max(2, Math.round(10 * scale)) };
  return withBenchDatabase(opts.adminUrl, 'identity', async (url) => {
    const api = await startInProcessApi(url, {
      ARGON2_MEMORY_KIB: String(ARGON2.memoryCost),
      ARGON2_ITERATIONS: String(ARGON2.timeCost),
      LOGIN_ATTEMPTS_PER_MINUTE: String(LOGIN_ATTEMPTS_PER_MINUTE),
    });
    try {
      if (api.runtime.config.identity.argon2.parallelism !== ARGON2.parallelism) throw new Error('the API hashes with a parallelism other than the benchmark states');
      return [...(await tokenVerification(api, d)), ...(await authenticatedHttp(api, d)), ...(await loginThroughput(api, d))];
    } finally {
      await api.close();
    }
  });
}

if (isMain(import.meta.url)) await runStandalone(runIdentityBench);
