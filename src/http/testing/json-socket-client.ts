import { WebSocket } from 'ws';

/** A `ws` client of one of our JSON WebSocket streams, as a browser would be (tests and benchmarks). */
export interface JsonSocketClient<M> {
  ws: WebSocket;
  /** Every message received so far, in order. */
  messages: M[];
  /** Resolves with the first message (already received or next) after the `from`-th that matches. */
  waitFor(match: (m: M) => boolean, from?: number): Promise<M>;
  /** The close code and reason, once closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Sends `message` (JSON-encoded unless a string). */
  send(message: unknown): void;
  close(): Promise<void>;
}

/** Opens `path` on the server at `baseUrl` (http URL) and resolves once the socket is open. */
export async function connectJsonSocket<M>(baseUrl: string, path: string): Promise<JsonSocketClient<M>> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`);
  const messages: M[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    messages.push(JSON.parse(String(data)) as M);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  // What follows a failure is a close, which `closed` reports.
  ws.on('error', () => undefined);
  const waitFor = (match: (m: M) => boolean, from = 0) =>
    new Promise<M>((resolve, reject) => {
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
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    async close() {
      if (ws.readyState !== WebSocket.CLOSED) {
        ws.close();
        await closed;
      }
    },
  };
}
