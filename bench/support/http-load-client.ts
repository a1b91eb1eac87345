/**
 * A closed-loop HTTP load generator run as a child process (`fork`), so the clients' own work
 * never shares an event loop with the API under test: one loop per entry of `requests`, each on
 * a keep-alive connection of its own, sending its request again as soon as the last one is
 * answered, for a warm-up and then a measured window. `runHttpLoad` (in the parent) forks it.
 */
import http from 'node:http';
import { isMain } from './bench-cli.js';
import { runInChildProcess, sendRequest, serveInChildProcess } from './child-process-load.js';

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
        const res = await sendRequest(agent, new URL(spec.path, plan.baseUrl), spec);
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
  return runInChildProcess(new URL(import.meta.url), plan, 'HTTP load client');
}

if (isMain(import.meta.url) && process.send) serveInChildProcess(runLoad);
