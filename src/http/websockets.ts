import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';

/** What the API's WebSocket streams (live inbox, busy intervals) share. */

export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

/** Each HTTP server's WebSocket paths, behind its one `upgrade` listener. */
const paths = new WeakMap<http.Server, Map<string, UpgradeHandler>>();

/**
 * Serves WebSocket upgrades to `path` on `server` with `handler`; an upgrade to a path nobody
 * serves is answered 404 rather than left hanging. Returns the function that stops serving it.
 */
export function serveUpgrades(server: http.Server, path: string, handler: UpgradeHandler): () => void {
  let handlers = paths.get(server);
  if (!handlers) {
    const table = (handlers = new Map());
    paths.set(server, table);
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const served = table.get(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (served) served(req, socket, head);
      else refuseUpgrade(socket, 404, 'Not Found');
    });
  }
  if (handlers.has(path)) throw new Error(`${path} already serves WebSocket upgrades`);
  handlers.set(path, handler);
  return () => handlers.delete(path);
}

export function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Pings every socket `sockets()` lists each `intervalMs`; one that did not answer the previous
 * ping is dropped. Returns the function that stops it.
 */
export function startHeartbeat(sockets: () => Iterable<WebSocket>, intervalMs: number): () => void {
  const answered = new WeakMap<WebSocket, boolean>();
  const timer = setInterval(() => {
    for (const ws of sockets()) {
      const alive = answered.get(ws);
      if (alive === false) {
        ws.terminate();
        continue;
      }
      if (alive === undefined) ws.on('pong', () => answered.set(ws, true));
      answered.set(ws, false);
      ws.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Sends `message` as JSON; a client that let more than `maxBufferedBytes` pile up is too slow and is dropped. */
export function sendJson(ws: WebSocket, message: unknown, maxBufferedBytes: number): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  if (ws.bufferedAmount > maxBufferedBytes) {
    ws.terminate();
    return;
  }
  ws.send(JSON.stringify(message));
}

/** Closes every socket with 1001, gives them a second to finish the closing handshake, then cuts them. */
export async function closeForShutdown(sockets: WebSocket[]): Promise<void> {
  const closed = Promise.all(sockets.map((ws) => (ws.readyState === WebSocket.CLOSED ? undefined : new Promise((resolve) => ws.once('close', resolve)))));
  for (const ws of sockets) ws.close(1001, 'server shutting down');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
  clearTimeout(timer);
  for (const ws of sockets) ws.terminate();
}

/** A text frame's content. */
export function messageText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
