import type http from 'node:http';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import { closeForShutdown, messageText, refuseUpgrade, sendJson, serveUpgrades, startHeartbeat } from '../../http/websockets.js';
import type { Logger } from '../../platform/tokens.js';
import type { ChannelSubscriber } from '../../shared/postgres/pg-channel-listener.js';
import type { BusySignal } from './busy-signals.js';

/**
 * Live busy intervals over WebSocket, at `BUSY_STREAM_PATH` on the API's HTTP server. Public,
 * like GET /api/v1/spaces/{id}/availability: no authentication.
 *
 * Protocol (JSON text frames):
 * 1. Client, at any time: `{"type":"subscribe","spaceIds":["<uuid>", …]}` (at most 200) or
 *    `{"type":"subscribe","siteId":"<uuid>"}` (every space of the site, also ones added later).
 *    Each subscribe replaces the previous one. `{"type":"auth","accessToken":"…"}` is accepted
 *    and ignored (busy intervals are public), so a client may send what it sends to every stream.
 * 2. Server: `{"type":"subscribed","spaceIds":[…]}` (for a site also `"siteId"`, and `spaceIds`
 *    are its spaces now, at most 200). Fetch availability after this: every change from then on
 *    is announced.
 * 3. Then `{"type":"busy-changed","spaceId":"…","from":"<ISO>","to":"<ISO>"}` whenever a booking
 *    or blackout on a subscribed space is placed, moved or released (created, changed, cancelled,
 *    rejected, expired, no-show; blackout declared or lifted) and the availability route already
 *    answers the new state: refetch that space's availability overlapping [from, to).
 *    `{"type":"resync"}`: changes may have been missed (the server lost its database listener);
 *    refetch everything shown.
 * Close codes: 4400 a message that is not one of the above (or binary); 4429 too many connections
 * from your address; 1009 a message over the size limit; 1001 the server is shutting down; 1011 a
 * server error (reconnect). The server pings every 30 s and drops connections that do not answer.
 */
export const BUSY_STREAM_PATH = '/api/v1/availability/stream';

export const BUSY_STREAM_CLOSE_CODES = { badMessage: 4400, tooManyConnections: 4429, serverError: 1011 } as const;

export const MAX_SUBSCRIBED_SPACES = 200;

export type BusyStreamMessage =
  | { type: 'subscribed'; spaceIds: string[]; siteId?: string }
  | { type: 'busy-changed'; spaceId: string; from: string; to: string }
  | { type: 'resync' };

export interface BusyStreamOptions {
  signals: { subscribe(subscriber: ChannelSubscriber<BusySignal>): () => void };
  /** Ids of a site's spaces, at most `limit` (the catalog read model). */
  spacesOfSite(siteId: string, limit: number): Promise<string[]>;
  log: Logger;
  /** The client's address for the per-address limit (behind a proxy: X-Forwarded-For as the API trusts it). */
  addressOf?: (req: http.IncomingMessage) => string;
  /** Ping interval; a connection that did not answer the previous ping is dropped. */
  heartbeatMs?: number;
  maxConnectionsPerAddress?: number;
  maxMessageBytes?: number;
  /** A client that lets this much pile up unsent is too slow: it is dropped (it refetches on reconnect). */
  maxBufferedBytes?: number;
}

const SpaceIds = z.array(z.uuid()).max(MAX_SUBSCRIBED_SPACES);
const ClientMessage = z.union([
  z.strictObject({ type: z.literal('subscribe'), spaceIds: SpaceIds }),
  z.strictObject({ type: z.literal('subscribe'), siteId: z.uuid() }),
  z.strictObject({ type: z.literal('auth'), accessToken: z.string().max(8192) }),
]);

interface Connection {
  ws: WebSocket;
  address: string;
  spaceIds: Set<string>;
  siteId: string | null;
  /** Messages are handled one after another, so answers keep the order of the requests. */
  queue: Promise<void>;
}

/**
 * The WebSocket side of availability for one API process. Each process hears every change of
 * the `occupancy` read model through BusySignals (one LISTEN connection) and tells its own
 * sockets subscribed to that space or its site. Signals only say "look again": clients refetch
 * the availability route, which stays the truth.
 */
export class BusyStreamServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly bySpace = new Map<string, Set<Connection>>();
  private readonly bySite = new Map<string, Set<Connection>>();
  private readonly perAddress = new Map<string, number>();
  private readonly stopHeartbeat: () => void;
  private readonly unsubscribe: () => void;
  private readonly detach: (() => void)[] = [];
  private closing = false;
  private readonly o: Required<BusyStreamOptions>;

  constructor(options: BusyStreamOptions) {
    this.o = {
      addressOf: (req) => req.socket.remoteAddress ?? 'unknown',
      heartbeatMs: 30_000,
      maxConnectionsPerAddress: 32,
      maxMessageBytes: 16 * 1024,
      maxBufferedBytes: 1024 * 1024,
      ...options,
    };
    this.wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: this.o.maxMessageBytes, perMessageDeflate: false });
    this.unsubscribe = options.signals.subscribe({ signal: (s) => this.onSignal(s), resync: () => this.resyncAll() });
    this.stopHeartbeat = startHeartbeat(() => [...this.connections].map((c) => c.ws), this.o.heartbeatMs);
  }

  /** Serves the stream path on `server`'s upgrade requests. */
  attach(server: http.Server): void {
    this.detach.push(
      serveUpgrades(server, BUSY_STREAM_PATH, (req, socket, head) => {
        if (this.closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
        this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, this.o.addressOf(req)));
      }),
    );
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Closes every connection (1001) and stops listening; the HTTP server can close after. */
  async close(): Promise<void> {
    this.closing = true;
    for (const d of this.detach) d();
    this.stopHeartbeat();
    this.unsubscribe();
    await closeForShutdown([...this.connections].map((c) => c.ws));
    this.wss.close();
  }

  private onConnection(ws: WebSocket, address: string): void {
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.o.maxConnectionsPerAddress) {
      ws.close(BUSY_STREAM_CLOSE_CODES.tooManyConnections, 'too many connections from your address');
      return;
    }
    this.perAddress.set(address, held + 1);
    const conn: Connection = { ws, address, spaceIds: new Set(), siteId: null, queue: Promise.resolve() };
    this.connections.add(conn);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.forget(conn));
    ws.on('message', (data, isBinary) => {
      conn.queue = conn.queue.then(() => this.onMessage(conn, data, isBinary));
    });
  }

  private async onMessage(conn: Connection, data: RawData, isBinary: boolean): Promise<void> {
    if (!this.connections.has(conn)) return;
    let message: z.output<typeof ClientMessage>;
    try {
      if (isBinary) throw new Error('binary');
      message = ClientMessage.parse(JSON.parse(messageText(data)));
    } catch {
      this.forget(conn);
      conn.ws.close(BUSY_STREAM_CLOSE_CODES.badMessage, `expected {"type":"subscribe","spaceIds":[…at most ${MAX_SUBSCRIBED_SPACES} uuids]} or {"type":"subscribe","siteId":"…"}`);
      return;
    }
    if (message.type === 'auth') return;
    if ('siteId' in message) {
      let spaceIds: string[];
      try {
        spaceIds = await this.o.spacesOfSite(message.siteId, MAX_SUBSCRIBED_SPACES);
      } catch (error) {
        this.o.log.error('busy stream could not list the spaces of a site', { error: String(error) });
        this.forget(conn);
        conn.ws.close(BUSY_STREAM_CLOSE_CODES.serverError, 'try again');
        return;
      }
      if (!this.connections.has(conn)) return;
      this.subscribe(conn, [], message.siteId);
      this.send(conn, { type: 'subscribed', siteId: message.siteId, spaceIds });
    } else {
      const spaceIds = [...new Set(message.spaceIds)];
      this.subscribe(conn, spaceIds, null);
      this.send(conn, { type: 'subscribed', spaceIds });
    }
  }

  private subscribe(conn: Connection, spaceIds: string[], siteId: string | null): void {
    this.unindex(conn);
    conn.spaceIds = new Set(spaceIds);
    conn.siteId = siteId;
    for (const spaceId of conn.spaceIds) addTo(this.bySpace, spaceId, conn);
    if (siteId !== null) addTo(this.bySite, siteId, conn);
  }

  private onSignal(signal: BusySignal): void {
    const listeners = new Set([...(this.bySpace.get(signal.spaceId) ?? []), ...(signal.siteId === null ? [] : (this.bySite.get(signal.siteId) ?? []))]);
    for (const conn of listeners) this.send(conn, { type: 'busy-changed', spaceId: signal.spaceId, from: signal.from, to: signal.to });
  }

  private resyncAll(): void {
    for (const conn of this.connections) if (conn.spaceIds.size > 0 || conn.siteId !== null) this.send(conn, { type: 'resync' });
  }

  private send(conn: Connection, message: BusyStreamMessage): void {
    sendJson(conn.ws, message, this.o.maxBufferedBytes);
  }

  private forget(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.unindex(conn);
    const held = (this.perAddress.get(conn.address) ?? 1) - 1;
    if (held > 0) this.perAddress.set(conn.address, held);
    else this.perAddress.delete(conn.address);
  }

  private unindex(conn: Connection): void {
    for (const spaceId of conn.spaceIds) removeFrom(this.bySpace, spaceId, conn);
    if (conn.siteId !== null) removeFrom(this.bySite, conn.siteId, conn);
  }
}

function addTo(index: Map<string, Set<Connection>>, key: string, conn: Connection): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(conn);
}

function removeFrom(index: Map<string, Set<Connection>>, key: string, conn: Connection): void {
  const set = index.get(key);
  set?.delete(conn);
  if (set?.size === 0) index.delete(key);
}
