/**
 * Load clients run in a child process (`fork`) so their own work never shares the measured
 * server's event loop. The parent sends the plan and waits for the result; the child module
 * calls `serveInChildProcess` with its run function.
 */
import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';

type Reply<R> = { ok: true; result: R } | { ok: false; error: string };

/**
 * Forks `moduleUrl`, sends it `plan`, and resolves with what its run function returned. Any
 * other message the child sends on the way (progress, "ready") goes to `onMessage`, which may
 * answer through `child.send`.
 */
export function runInChildProcess<P, R>(moduleUrl: URL, plan: P, label: string, onMessage?: (message: unknown, child: ChildProcess) => void): Promise<R> {
  return new Promise((resolve, reject) => {
    const child = fork(moduleUrl, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: Reply<R> | object) => {
      if (!('ok' in m)) return onMessage?.(m, child);
      if (m.ok) resolve(m.result);
      else reject(new Error(`${label} failed: ${m.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`${label} exited with ${code}`)));
    child.send(plan as object);
  });
}

/** In the forked child: runs the plan the parent sends and reports the result (or the error) back. */
export function serveInChildProcess<P, R>(run: (plan: P) => Promise<R>): void {
  process.once('message', (plan: P) => {
    run(plan).then(
      (result) => process.send!({ ok: true, result } satisfies Reply<R>, () => process.exit(0)),
      (error: unknown) => process.send!({ ok: false, error: String(error instanceof Error ? error.stack : error) } satisfies Reply<R>, () => process.exit(1)),
    );
  });
}

/** One request on a keep-alive agent; a JSON body gets its content headers. */
export function sendRequest(agent: http.Agent, url: URL, request: { method: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(request.body);
    }
    const req = http.request(url, { method: request.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}
