import type { Server } from 'node:http';
import type pg from 'pg';
import type { Projector } from '../../projections/projector.js';
import { startApiServer } from '../../src/platform/api-server.js';
import { startMessaging } from '../../src/platform/start-messaging.js';
import { bootstrap, type Runtime } from '../../src/platform/bootstrap.js';
import { SERVICES } from '../../src/platform/container.js';
import { freePort } from '../../src/platform/embedded-postgres.js';
import type { PlacementProcessManager } from '../../src/scheduling/infrastructure/placement-process-manager.js';
import type { EventStore } from '../../src/shared/event-store/event-store.js';
import type { IdentityServices } from '../../src/identity/application/identity-services.js';
import { provisionUser } from './provision-user.js';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestServer {
  baseUrl: string;
  db: TestDatabase;
  runtime: Runtime;
  pool: pg.Pool;
  store: EventStore;
  projector: Projector;
  identity: IdentityServices;
  /** Where the product's email goes. */
  mail: SmtpTestServer;
  /** fetch as a user holding exactly these built-in roles (created on first use, with a real access token); JSON bodies are serialised. */
  as(userId: string, roles: string[]): Client;
  /** A valid access token for a user holding exactly `roles` (everywhere; site-scoped roles on `siteIds`). */
  tokenFor(userId: string, roles: string[], siteIds?: string[]): Promise<string>;
  /** fetch with no credentials, or with the given Authorization header. */
  anonymous: Client;
  /** Events in the log (to prove bad input appended nothing). */
  eventCount(): Promise<number>;
  close(): Promise<void>;
}

export type Client = (method: string, path: string, options?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; strong?: boolean }) => Promise<{ status: number; headers: Headers; body: any }>;

/** The real product (API, projector, process manager) on a fresh database, like `npm start` without embedded PostgreSQL or demo data. */
/** `messaging`: also run the relay and the audit log consumer on the in-process bus, as `npm start` does. */
/** `database`: run on another server's database (a second API replica); the owner drops it. */
export async function startTestServer(env: Record<string, string> = {}, options: { messaging?: boolean; database?: TestDatabase } = {}): Promise<TestServer> {
  const db = options.database ?? (await createTestDatabase('api'));
  const port = await freePort();
  const mail = await startSmtpTestServer();
  const runtime = await bootstrap('test', {
    DATABASE_URL: db.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    SMTP_URL: mail.url,
    SEED_DEMO_DATA: 'false',
    // Still argon2id; cheap parameters keep account set-up fast in tests.
    ARGON2_MEMORY_KIB: '1024',
    ARGON2_ITERATIONS: '1',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    LOG_LEVEL: 'silent',
    PROCESS_MANAGER_STALL_SECONDS: '1',
    ...env,
  });
  const projector = runtime.container.get<Projector>(SERVICES.Projector);
  const manager = runtime.container.get<PlacementProcessManager>(SERVICES.PlacementProcessManager);
  await projector.start();
  runtime.onShutdown(() => projector.stop());
  await manager.start();
  runtime.onShutdown(() => manager.stop());
  const messaging = options.messaging ? await startMessaging(runtime) : undefined;
  const server: Server = await startApiServer(runtime, { projector, metrics: messaging?.metrics });
  const baseUrl = `http://127.0.0.1:${port}`;
  const pool = runtime.container.get<pg.Pool>(SERVICES.ReadPool);
  const identity = runtime.container.get<IdentityServices>(SERVICES.Identity);
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (userId: string, roles: string[], siteIds?: string[]) => {
    const key = `${userId} ${[...roles].sort().join(',')} ${siteIds?.join(',') ?? ''}`;
    let token = tokens.get(key);
    if (!token) tokens.set(key, (token = provisionUser(identity, userId, roles, siteIds)));
    return token;
  };
  const client = (authorization: () => Promise<string | undefined>): Client => async (method, path, options = {}) => {
    const auth = await authorization();
    const headers: Record<string, string> = { ...(auth ? { Authorization: auth } : {}), ...options.headers };
    if (options.strong) headers['Reserva-Consistency'] = 'strong';
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    } else if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (HTML, SVG): keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    baseUrl,
    db,
    runtime,
    pool,
    store: runtime.container.get<EventStore>(SERVICES.EventStore),
    projector,
    identity,
    mail,
    tokenFor,
    as: (userId, roles) => client(async () => `Bearer ${await tokenFor(userId, roles)}`),
    anonymous: client(async () => undefined),
    eventCount: async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM eventstore.events')).rows[0]!.n),
    async close() {
      void server;
      await runtime.shutdown();
      await mail.close();
      if (!options.database) await db.drop();
    },
  };
}
