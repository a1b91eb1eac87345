import type { Server } from 'node:http';
import { startApiServer } from '../../src/platform/api-server.js';
import { bootstrap, type Runtime } from '../../src/platform/bootstrap.js';
import { freePort } from '../../src/platform/embedded-postgres.js';

export interface InProcessApi {
  baseUrl: string;
  runtime: Runtime;
  server: Server;
  close(): Promise<void>;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The real API entry point (src/main/api.ts: bootstrap + startApiServer, no projector) in
 * this process, on `databaseUrl`, with development header auth. bootstrap() installs
 * process-wide signal handlers that end the process; a benchmark starts several runtimes in one
 * process, so the handlers each one added are removed again when it closes.
 */
export async function startInProcessApi(databaseUrl: string, env: Record<string, string> = {}): Promise<InProcessApi> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const port = await freePort();
  const runtime = await bootstrap('bench-api', {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    AUTH_MODE: 'dev-header',
    SEED_DEMO_DATA: 'false',
    LOG_LEVEL: 'warn',
    ...env,
  });
  const added = SIGNALS.flatMap((s) => process.listeners(s).filter((l) => !before.get(s)!.has(l)).map((l) => [s, l] as const));
  const server = await startApiServer(runtime);
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    runtime,
    server,
    async close() {
      server.closeAllConnections();
      await runtime.shutdown();
      for (const [signal, listener] of added) process.removeListener(signal, listener);
    },
  };
}
