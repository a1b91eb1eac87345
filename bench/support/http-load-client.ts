/**
 * A closed-loop HTTP load generator run as a child process (`fork`), so the clients' own work
 * never shares an event loop with the API under test: one loop per entry of `requests`, each on
 * a keep-alive connection of its own, sending its request again as soon as the last one is
 * answered, for a warm-up and then a measured window. `runHttpLoad` (in the parent) forks it.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { isMain } from './bench-cli.js';

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** JSON text, sent with Content-Type application/json. */
  body?: string;
}

export interface HttpLoadPlan {
  baseUrl: string;
  /** One client per entry, each repeating its own request. */
  requests: HttpRequestSpec[];
  /** The status every answer should have; anything else is counted apart, with a sample body. */
  expectedStatus: number;
  warmupMs: number;
  durationMs: number;
}

export interface HttpLoadResult {
  seconds: number;
  /** Milliseconds per request, every request of the measured window (whatever its answer). */
  latencies: number[];
  /** Answers with the expected status in the measured window. */
  expected: number;
  /** Any other status (or a transport error), with a sample body. */
  others: Record<string, { count: number; sample: string }>;
}

function send(agent: http.Agent, baseUrl: string, spec: HttpRequestSpec): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...spec.headers };
    if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(spec.body);
    }
    const req = http.request(new URL(spec.path, baseUrl), { method: spec.method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(spec.body);
  });
}

async function runLoad(plan: HttpLoadPlan): Promise<HttpLoadResult> {
  const result: HttpLoadResult = { seconds: 0, latencies: [], expected: 0, others: {} };
  const agents = plan.requests.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  let measuring = false;
  let stopAt = performance.now() + plan.warmupMs;
  const client = async (spec: HttpRequestSpec, agent: http.Agent) => {
    while (performance.now() < stopAt) {
      const began = performance.now();
      let status: string;
      let body = '';
      try {
        const res = await send(agent, plan.baseUrl, spec);
        status = String(res.status);
        body = res.body;
      } catch (error) {
        status = 'transport error';
        body = String(error);
      }
      if (!measuring) continue;
      result.latencies.push(performance.now() - began);
      if (status === String(plan.expectedStatus)) result.expected += 1;
      else (result.others[status] ??= { count: 0, sample: body.slice(0, 500) }).count += 1;
    }
  };
  const all = () => Promise.all(plan.requests.map((spec, i) => client(spec, agents[i]!)));
  // Warm-up (not counted), then the measured window on the same connections.
  await all();
  measuring = true;
  const began = performance.now();
  stopAt = began + plan.durationMs;
  await all();
  result.seconds = (performance.now() - began) / 1000;
  for (const agent of agents) agent.destroy();
  return result;
}

/** Runs the plan's clients in a child process and returns what they saw. */
export function runHttpLoad(plan: HttpLoadPlan): Promise<HttpLoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL(import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m: { ok: true; result: HttpLoadResult } | { ok: false; error: string }) => (m.ok ? resolve(m.result) : reject(new Error(`HTTP load client failed: ${m.error}`))));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`HTTP load client exited with ${code}`)));
    child.send(plan);
  });
}

if (isMain(import.meta.url) && process.send) {
  process.once('message', (plan: HttpLoadPlan) => {
    runLoad(plan).then(
      (result) => process.send!({ ok: true, result }, () => process.exit(0)),
      (error: unknown) => process.send!({ ok: false, error: String(error instanceof Error ? error.stack : error) }, () => process.exit(1)),
    );
  });
}
