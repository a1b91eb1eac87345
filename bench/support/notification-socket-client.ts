/**
 * WebSocket clients of `/api/v1/notifications/stream` run in a child process (`fork`), so their
 * work never shares an event loop with the API under test. Two plans:
 * - `listen`: one socket per token for `listenMs`; reports, per notification subject (a booking
 *   id), the wall-clock instant the first notification about it arrived.
 * - `hold`: opens `tokens.length × perToken` authenticated sockets, in waves, and keeps them open
 *   until the parent sends `close`; reports after every wave so the parent can sample the
 *   server's memory.
 */
import WebSocket from 'ws';
import { isMain } from './bench-cli.js';
import { runInChildProcess, serveInChildProcess } from './child-process-load.js';
import { wallClockMs } from './paced-booking-client.js';

export interface ListenPlan {
  mode: 'listen';
  baseUrl: string;
  tokens: string[];
  listenMs: number;
}

export interface ListenResult {
  /** subjectId → wall-clock ms of its first notification. */
  firstSeen: Record<string, number>;
  notifications: number;
  closedEarly: number;
}

export const STREAM_PATH = '/api/v1/notifications/stream';

/** Opens an authenticated notification stream; resolves once the server said `ready`. */
export function openStream(baseUrl: string, token: string, onMessage: (message: { type: string; [key: string]: unknown }) => void = () => undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(new URL(STREAM_PATH, baseUrl.replace(/^http/, 'ws')));
    socket.once('open', () => socket.send(JSON.stringify({ type: 'auth', accessToken: token })));
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`stream closed with ${code} before ready`)));
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string };
      if (message.type === 'ready') {
        socket.removeAllListeners('close');
        socket.removeAllListeners('error');
        socket.on('error', () => undefined);
        resolve(socket);
      }
      onMessage(message);
    });
  });
}

async function listen(plan: ListenPlan): Promise<ListenResult> {
  const result: ListenResult = { firstSeen: {}, notifications: 0, closedEarly: 0 };
  const sockets = await Promise.all(
    plan.tokens.map((token) =>
      openStream(plan.baseUrl, token, (message) => {
        if (message.type !== 'notification') return;
        const at = wallClockMs();
        const subject = (message.notification as { subjectId: string }).subjectId;
        result.notifications += 1;
        result.firstSeen[subject] ??= at;
      }),
    ),
  );
  for (const socket of sockets) socket.on('close', () => (result.closedEarly += 1));
  process.send!({ ready: true });
  await new Promise((resolve) => setTimeout(resolve, plan.listenMs));
  for (const socket of sockets) socket.removeAllListeners('close').close();
  return result;
}

/** Starts listening sockets in a child process; resolves `ready` once all are authenticated. */
export function listenForNotifications(plan: Omit<ListenPlan, 'mode'>): { ready: Promise<void>; result: Promise<ListenResult> } {
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const result = runInChildProcess<ListenPlan, ListenResult>(new URL(import.meta.url), { mode: 'listen', ...plan }, 'notification listeners', (m) => {
    if ((m as { ready?: boolean }).ready) markReady();
  });
  return { ready, result };
}

export interface HoldPlan {
  mode: 'hold';
  baseUrl: string;
  tokens: string[];
  /** Cumulative socket counts to reach; after each the child reports and waits for `next`. */
  waves: number[];
}

export interface HoldResult {
  opened: number;
  failed: number;
  /** Sockets the server closed while held. */
  dropped: number;
}

/** What the holding child reports after each wave. */
export interface WaveReport {
  wave: number;
  opened: number;
  failed: number;
}

const OPEN_CONCURRENCY = 200;

async function hold(plan: HoldPlan): Promise<HoldResult> {
  const sockets: WebSocket[] = [];
  const result: HoldResult = { opened: 0, failed: 0, dropped: 0 };
  const nextCommand = () => new Promise<unknown>((resolve) => process.once('message', resolve));
  for (const [wave, target] of plan.waves.entries()) {
    let next = sockets.length + result.failed;
    const opener = async () => {
      while (next < target) {
        const token = plan.tokens[next++ % plan.tokens.length]!;
        try {
          const socket = await openStream(plan.baseUrl, token);
          socket.on('close', () => (result.dropped += 1));
          sockets.push(socket);
        } catch {
          result.failed += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, opener));
    result.opened = sockets.length;
    process.send!({ wave, opened: sockets.length, failed: result.failed } satisfies WaveReport);
    const command = (await nextCommand()) as { next?: boolean };
    if (!command.next) break;
  }
  for (const socket of sockets) socket.removeAllListeners('close').terminate();
  return result;
}

/**
 * Holds sockets in a child process: after each wave `onWave` runs (sample the server), then the
 * next wave opens; the sockets close once the last wave was sampled or `onWave` returns false.
 */
export function holdSockets(plan: Omit<HoldPlan, 'mode'>, onWave: (report: WaveReport) => Promise<boolean>): Promise<HoldResult> {
  return runInChildProcess<HoldPlan, HoldResult>(new URL(import.meta.url), { mode: 'hold', ...plan }, 'notification socket holder', (m, child) => {
    void onWave(m as WaveReport).then((more) => child.send({ next: more }));
  });
}

if (isMain(import.meta.url) && process.send) serveInChildProcess<ListenPlan | HoldPlan, ListenResult | HoldResult>((plan) => (plan.mode === 'listen' ? listen(plan) : hold(plan)));
