import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Application } from 'express';
import pg from 'pg';
import { createTestDatabase } from '../../../test/support/test-database.js';
import type { Logger } from '../../platform/tokens.js';
import { createApp, type HttpDeps } from '../create-app.js';
import { PostgresIdempotencyStore, ensureIdempotencySchema } from '../idempotency/postgres-idempotency-store.js';
import { startSmtpTestServer } from '../../../test/support/smtp-test-server.js';
import { FAST_TEST_ARGON2 } from '../../identity/infrastructure/argon2-password-hasher.js';
import { ensureIdentitySchema } from '../../identity/infrastructure/postgres/identity-schema.js';
import { postgresIdentity } from '../../identity/infrastructure/postgres-identity.js';
import { SmtpMailer } from '../../shared/mail/smtp-mailer.js';
import { ensureEventStoreSchema } from '../../shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../../shared/event-store/postgres/postgres-event-store.js';
import { postgresIdentityQueries } from '../../platform/postgres-identity-queries.js';
import { migrateReadModels } from '../../../read-models/migrate.js';
import { FakeBookingCommands, FakeCatalogCommands, FakeReadModelQueries } from './fake-ports.js';
import { headerAuthenticator } from './header-authenticator.js';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields?: Record<string, unknown>;
}

export interface CallOptions {
  /** Sent as X-Dev-User. */
  user?: string;
  /** Sent as X-Dev-Roles. */
  roles?: string;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent verbatim (set Content-Type in headers). */
  rawBody?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the response is not JSON. */
  body: any;
}

/** A real HTTP server on loopback around createApp, with the in-memory ports and a real PostgreSQL idempotency store. */
export interface HttpHarness {
  baseUrl: string;
  app: Application;
  deps: HttpDeps;
  bookings: FakeBookingCommands;
  catalog: FakeCatalogCommands;
  queries: FakeReadModelQueries;
  logs: LogLine[];
  pool: pg.Pool;
  call(method: string, path: string, options?: CallOptions): Promise<CallResult>;
  close(): Promise<void>;
}

export const NOW = new Date('2030-01-01T08:00:00.000Z');

export async function startHttpHarness(overrides: Partial<HttpDeps> = {}): Promise<HttpHarness> {
  const db = await createTestDatabase('http');
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  await ensureIdempotencySchema(pool);
  // Identity routes run on their real adapters: they are part of every API document.
  await ensureEventStoreSchema(pool, 'eventstore');
  await ensureIdentitySchema(pool);
  await migrateReadModels(pool, 'rm');
  const logs: LogLine[] = [];
  const log: Logger = {
    info: (msg, fields) => logs.push({ level: 'info', msg, ...(fields ? { fields } : {}) }),
    warn: (msg, fields) => logs.push({ level: 'warn', msg, ...(fields ? { fields } : {}) }),
    error: (msg, fields) => logs.push({ level: 'error', msg, ...(fields ? { fields } : {}) }),
  };
  const smtp = await startSmtpTestServer();
  const identity = postgresIdentity(pool, new PostgresEventStore(pool), new SmtpMailer({ url: smtp.url, from: 'Reserva <test@reserva.local>' }), log, {
    jwtIssuer: 'reserva-test',
    jwtAudience: 'reserva-test',
    accessTokenTtlSeconds: 600,
    refreshTokenTtlSeconds: 86_400,
    argon2: FAST_TEST_ARGON2,
    loginAttemptsPerMinute: 1000,
    settings: { publicUrl: 'http://localhost', registrationAccountTypes: ['client'], verifyEmailTtlSeconds: 3600, passwordResetTtlSeconds: 1800, totpIssuer: 'Reserva' },
  });
  const bookings = new FakeBookingCommands();
  const catalog = new FakeCatalogCommands();
  const queries = new FakeReadModelQueries();
  const deps: HttpDeps = {
    bookings,
    catalog,
    queries,
    idempotency: new PostgresIdempotencyStore(pool),
    identity,
    identityQueries: postgresIdentityQueries(pool, 'rm'),
    authenticate: headerAuthenticator,
    readiness: async () => true,
    newId: randomUUID,
    clock: () => NOW,
    log,
    ...overrides,
  };
  const app = createApp(deps);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.user) headers['X-Dev-User'] = options.user;
    if (options.roles) headers['X-Dev-Roles'] = options.roles;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers, body, redirect: 'manual' });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, headers: res.headers, body: type.includes('json') && text.length > 0 ? JSON.parse(text) : text };
  }

  return {
    baseUrl,
    app,
    deps,
    bookings,
    catalog,
    queries,
    logs,
    pool,
    call,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await smtp.close();
      await pool.end();
      await db.drop();
    },
  };
}
