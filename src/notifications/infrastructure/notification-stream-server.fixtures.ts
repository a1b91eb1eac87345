import { WebSocket } from 'ws';
import { NOTIFICATION_STREAM_PATH, type StreamMessage } from './notification-stream-server.js';

/** A `ws` client of the live inbox, as a browser would be (tests and benchmarks). */
export interface StreamClient {
  ws: WebSocket;
  /** Every message received so far, in order. */
  messages: StreamMessage[];
  /** Resolves with the first message (already received or next) after the `from`-th that matches. */
  waitFor(match: (m: StreamMessage) => boolean, from?: number): Promise<StreamMessage>;
  /** The close code and reason, once closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Ids of the `notification` messages received, in order. */
  notificationIds(): number[];
  close(): Promise<void>;
}

/** Opens the stream; `auth` (when given) is sent as the first message once open. */
export async function connectStream(baseUrl: string, auth?: { accessToken: string; after?: number } | string): Promise<StreamClient> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${NOTIFICATION_STREAM_PATH}`);
  const messages: StreamMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as StreamMessage);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  // What follows a failure is a close, which `closed` reports.
  ws.on('error', () => undefined);
  if (auth !== undefined) ws.send(typeof auth === 'string' ? auth : JSON.stringify({ type: 'auth', ...auth }));
  const waitFor = (match: (m: StreamMessage) => boolean, from = 0) =>
    new Promise<StreamMessage>((resolve, reject) => {
      const check = () => {
        const found = messages.slice(from).find(match);
        if (found) {
          waiters.delete(check);
          resolve(found);
        }
      };
      waiters.add(check);
      check();
      void closed.then(({ code }) => {
        if (!waiters.has(check)) return;
        waiters.delete(check);
        reject(new Error(`stream closed (${code}) before the awaited message; got ${JSON.stringify(messages)}`));
      });
    });
  return {
    ws,
    messages,
    waitFor,
    closed,
    notificationIds: () => messages.flatMap((m) => (m.type === 'notification' ? [m.notification.id] : [])),
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) {
        ws.close();
        await closed;
      }
    },
  };
}
