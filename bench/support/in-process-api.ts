import type { Server } from 'node:http';
import type { IdentityServices } from '../../src/identity/application/identity-services.js';
import { startApiServer } from '../../src/platform/api-server.js';
import { bootstrap, type Runtime } from '../../src/platform/bootstrap.js';
import { SERVICES } from '../../src/platform/container.js';
import { freePort } from '../../src/platform/embedded-postgres.js';
import { createJsonLogger } from '../../src/platform/logger.js';
import { startMailCatcher } from '../../src/shared/mail/mail-catcher.js';
import { provisionUser } from '../../test/support/provision-user.js';

export interface InProcessApi {
  baseUrl: string;
  runtime: Runtime;
  server: Server;
  identity: IdentityServices;
  /**
   * A real access token (`Authorization: Bearer …`) for `userId` holding exactly `roles`,
   * registered through the identity use cases on first use (test/support/provision-user.ts).
   */
  tokenFor(userId: string, roles: string[]): Promise<string>;
  close(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The real API entry point (src/main/api.ts: bootstrap + startApiServer, no projector) in
 * this process, on `databaseUrl`, with bearer-token auth and production argon2id parameters
 * unless `env` says otherwise. Mail (verification links of registrations) goes to an in-memory
 * mail catcher. bootstrap() installs process-wide signal handlers that end the process; a
 * benchmark starts several runtimes in one process, so the handlers each one added are removed
 * again when it closes.
 */
export async function startInProcessApi(databaseUrl: string, env: Record<string, string> = {}): Promise<InProcessApi> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const port = await freePort();
  const mail = await startMailCatcher({ log: createJsonLogger({ level: 'silent' }) });
  const runtime = await bootstrap('bench-api', {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    SMTP_URL: mail.url,
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  runtime.onShutdown(() => mail.close());
  const added = SIGNALS.flatMap((s) => process.listeners(s).filter((l) => !before.get(s)!.has(l)).map((l) => [s, l] as const));
  const server = await startApiServer(runtime);
  const identity = runtime.container.get<IdentityServices>(SERVICES.Identity);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    runtime,
    server,
    identity,
    tokenFor: (userId, roles) => provisionUser(identity, userId, roles),
    async close() {
      server.closeAllConnections();
      await runtime.shutdown();
      for (const [signal, listener] of added) process.removeListener(signal, listener);
    },
  };
}
