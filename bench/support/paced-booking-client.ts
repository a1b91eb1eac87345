/**
 * An open-loop booking load run as a child process (`fork`), so the clients' own work never
 * shares an event loop with the API under test: `clients` loops POST /api/v1/bookings for random
 * 15-minute-grid slots on random spaces, together paced at `rate` requests per second, and for
 * every request of the measured window answered 201 report the booking id and the wall-clock
 * instant (`performance.timeOrigin + performance.now()`, comparable across processes of one
 * machine) its answer arrived. `runPacedBookings` (in the parent) forks it.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { isMain } from './bench-cli.js';
import { runInChildProcess, sendRequest, serveInChildProcess } from './child-process-load.js';

export interface PacedBookingPlan {
  baseUrl: string;
  spaceIds: string[];
  /** One access token per client (`Authorization: Bearer`). */
  tokens: string[];
  /** Requests per second over all clients. */
  rate: number;
  warmupMs: number;
  durationMs: number;
}

export interface PacedBookingResult {
  seconds: number;
  /** Requests sent in the measured window (whatever their answer). */
  sent: number;
  /** 201 answers of the measured window: booking id and the wall-clock ms its answer arrived. */
  accepted: { bookingId: string; acceptedAt: number }[];
  /** Any answer other than 201 (409s included), with a sample body. */
  others: Record<string, { count: number; sample: string }>;
}

const QUARTER_HOUR = 15 * 60_000;
const DAY = 24 * 60 * 60_000;
const HORIZON_DAYS = 80;

/** Wall-clock milliseconds with sub-millisecond resolution, the same clock in every process. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();

async function runPaced(plan: PacedBookingPlan): Promise<PacedBookingResult> {
  const url = new URL('/api/v1/bookings', plan.baseUrl);
  const firstDay = Math.ceil(Date.now() / DAY) * DAY + DAY;
  const result: PacedBookingResult = { seconds: 0, sent: 0, accepted: [], others: {} };
  const interval = (1000 * plan.tokens.length) / plan.rate;
  let measuring = false;
  let stopAt = performance.now() + plan.warmupMs;
  const client = async (token: string, agent: http.Agent, index: number) => {
    let scheduled = performance.now() + (interval * index) / plan.tokens.length;
    while (performance.now() < stopAt) {
      const wait = scheduled - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      scheduled += interval;
      const start = firstDay + Math.floor(Math.random() * (HORIZON_DAYS - 1) * (DAY / QUARTER_HOUR)) * QUARTER_HOUR;
      const end = start + (2 + Math.floor(Math.random() * 7)) * QUARTER_HOUR;
      const bookingId = randomUUID();
      const spaceId = plan.spaceIds[Math.floor(Math.random() * plan.spaceIds.length)]!;
      const body = JSON.stringify({ bookingId, spaceId, start: new Date(start).toISOString(), end: new Date(end).toISOString(), participants: 4, purpose: 'Benchmark booking' });
      const counted = measuring;
      let status: string;
      let text = '';
      try {
        const res = await sendRequest(agent, url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
        status = String(res.status);
        text = res.body;
      } catch (error) {
        status = 'transport error';
        text = String(error);
      }
      const answeredAt = wallClockMs();
      if (!counted) continue;
      result.sent += 1;
      if (status === '201') result.accepted.push({ bookingId, acceptedAt: answeredAt });
      else (result.others[status] ??= { count: 0, sample: text.slice(0, 500) }).count += 1;
    }
  };
  const agents = plan.tokens.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const all = () => Promise.all(plan.tokens.map((token, i) => client(token, agents[i]!, i)));
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

/** Runs the paced clients in a child process and returns what they saw. */
export function runPacedBookings(plan: PacedBookingPlan): Promise<PacedBookingResult> {
  return runInChildProcess(new URL(import.meta.url), plan, 'paced booking client');
}

if (isMain(import.meta.url) && process.send) serveInChildProcess(runPaced);
