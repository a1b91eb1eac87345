import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../src/platform/embedded-postgres.js';

/** A separate API process (src/main/api.ts) on the given database, for multi-process tests. */
export function startApiProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<{ baseUrl: string; process: ChildProcess; stop(): Promise<void> }> {
  return startEntryPointProcess('src/main/api.ts', databaseUrl, env);
}

/** Any entry point (each answers GET /healthz on PORT once ready) as its own process on the given database. */
export async function startEntryPointProcess(entryPoint: string, databaseUrl: string, env: Record<string, string> = {}): Promise<{ baseUrl: string; process: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', entryPoint], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', SEED_DEMO_DATA: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entryPoint} exited with ${child.exitCode}`);
    const ok = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${entryPoint} did not become healthy`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        // A process ended by a signal has no exit code, only a signal code.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
