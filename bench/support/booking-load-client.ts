/**
 * The load generator of the booking benchmark, run as a child process (`fork`) so the clients'
 * own work never shares an event loop with the API under test. `clients` concurrent loops each
 * POST /api/v1/bookings over a keep-alive connection of their own, as different bookers (each
 * with its own access token), for random spaces and times; `conflictShare` of the requests
 * repeat a slot the same client got confirmed earlier, so they must answer 409. Reports status
 * counts and per-request latencies.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { sendRequest, serveInChildProcess } from './child-process-load.js';

export interface LoadPlan {
  baseUrl: string;
  spaceIds: string[];
  clients: number;
  /** `Authorization: Bearer` access token of each client's booker, one per client. */
  tokens: string[];
  warmupMs: number;
  durationMs: number;
  /** Share of requests that re-request a slot already confirmed for this client (expected 409). */
  conflictShare: number;
  /** Bookings start between 1 and this many days from now, on a quarter hour (UTC), for 30–120 minutes. */
  horizonDays: number;
  /**
   * Requests per second over all clients; absent: as fast as the server answers (closed loop).
   * Paced requests are timed from their scheduled start, so queueing behind a slow answer counts.
   */
  rate?: number;
}

export interface LoadResult {
  seconds: number;
  confirmed: number;
  /** 409 answers to requests meant to conflict, and to random requests that happened to. */
  expectedConflicts: number;
  randomConflicts: number;
  /** Any other status (or a transport error), with a sample body. */
  others: Record<string, { count: number; sample: string }>;
  /** Milliseconds per request, every request of the measured window. */
  latencies: number[];
  /** The slots confirmed in the measured window and in warm-up (for the overlap check's cross-check). */
  confirmedTotal: number;
}

const QUARTER_HOUR = 15 * 60_000;
const DAY = 24 * 60 * 60_000;

interface Slot {
  spaceId: string;
  start: string;
  end: string;
}

export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL('/api/v1/bookings', plan.baseUrl);
  const firstDay = Math.ceil(Date.now() / DAY) * DAY + DAY;
  const result: LoadResult = { seconds: 0, confirmed: 0, expectedConflicts: 0, randomConflicts: 0, others: {}, latencies: [], confirmedTotal: 0 };
  let measuring = false;
  let stopAt = performance.now() + plan.warmupMs;

  const randomSlot = (): Slot => {
    const start = firstDay + Math.floor(Math.random() * (plan.horizonDays - 1) * (DAY / QUARTER_HOUR)) * QUARTER_HOUR;
    const end = start + (2 + Math.floor(Math.random() * 7)) * QUARTER_HOUR;
    return { spaceId: plan.spaceIds[Math.floor(Math.random() * plan.spaceIds.length)]!, start: new Date(start).toISOString(), end: new Date(end).toISOString() };
  };

  if (plan.tokens.length < plan.clients) throw new Error(`${plan.clients} clients need as many access tokens, got ${plan.tokens.length}`);
  const clients = Array.from({ length: plan.clients }, (_, i) => ({
    agent: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    token: plan.tokens[i]!,
    mine: [] as Slot[],
  }));

  const interval = plan.rate ? (1000 * plan.clients) / plan.rate : 0;
  const client = async ({ agent, token, mine }: (typeof clients)[number], index: number) => {
    let scheduled = performance.now() + (interval * index) / plan.clients;
    while (performance.now() < stopAt) {
      if (interval > 0) {
        const wait = scheduled - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const repeat = mine.length > 0 && Math.random() < plan.conflictShare;
      const slot = repeat ? mine[Math.floor(Math.random() * mine.length)]! : randomSlot();
      const body = JSON.stringify({ bookingId: randomUUID(), ...slot, participants: 4, purpose: 'Benchmark booking' });
      const began = interval > 0 ? scheduled : performance.now();
      scheduled += interval;
      let status: string;
      let text = '';
      try {
        const res = await sendRequest(agent, url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
        status = String(res.status);
        text = res.body;
      } catch (error) {
        status = `transport error`;
        text = String(error);
      }
      const ms = performance.now() - began;
      if (status === '201') {
        mine.push(slot);
        result.confirmedTotal += 1;
      }
      if (!measuring) continue;
      result.latencies.push(ms);
      if (status === '201') result.confirmed += 1;
      else if (status === '409') {
        if (repeat) result.expectedConflicts += 1;
        else result.randomConflicts += 1;
      } else {
        const other = (result.others[status] ??= { count: 0, sample: text.slice(0, 500) });
        other.count += 1;
      }
    }
  };

  // Warm-up (not counted), then the measured window; the clients keep their connections.
  await Promise.all(clients.map(client));
  measuring = true;
  const began = performance.now();
  stopAt = began + plan.durationMs;
  await Promise.all(clients.map(client));
  result.seconds = (performance.now() - began) / 1000;
  for (const c of clients) c.agent.destroy();
  return result;
}

if (process.send) serveInChildProcess(runLoad);
