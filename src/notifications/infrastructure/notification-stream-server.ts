import type http from 'node:http';
import type { Request } from 'express';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Authenticator, Principal } from '../../http/auth/authenticator.js';
import { closeForShutdown, messageText, refuseUpgrade, sendJson, serveUpgrades, startHeartbeat } from '../../http/websockets.js';
import type { Logger } from '../../platform/tokens.js';
import { UnauthenticatedError } from '../../shared/domain/errors.js';
import { inboxItem, type Inbox, type InboxItem } from '../application/inbox.js';
import type { InboxSignal } from './notifications-schema.js';
import type { InboxSignals } from './inbox-signals.js';

/**
 * Live inbox over WebSocket, at `NOTIFICATION_STREAM_PATH` on the API's HTTP server.
 *
 * Protocol (JSON text frames):
 * 1. Client, first message, within 5 s: `{"type":"auth","accessToken":"<access JWT>","after":<last id seen>}`
 *    (`after` optional). The token travels in a message, never in the URL (URLs end up in logs),
 *    and browsers cannot set headers on WebSockets.
 * 2. Server: `{"type":"ready","unread":n}`, then every in-app notification with an id above `after`,
 *    oldest first, as `{"type":"notification","notification":{id,kind,subjectId,data,createdAt,readAt}}`.
 *    More than 500 missed: the newest 500, then `{"type":"gap","before":<oldest id sent>}` (list the
 *    older ones with GET /api/v1/notifications?before=…). Without `after`, only what arrives from now.
 * 3. Then live: `{"type":"notification",…}` for each new one, `{"type":"unread","count":n}` whenever
 *    notifications are marked read (on any device). Ids grow; one committed late may arrive after
 *    a higher one, so resume with the highest id received.
 * Close codes: 4400 the first message was not a valid `auth`; 4401 no auth in time, a bad token,
 * the token expired or the session ended (refresh the token and reconnect with `after`); 4429 too
 * many connections of the same person (the oldest is closed); 1009 a message over the size limit;
 * 1001 the server is shutting down; 1011 a server error. Messages from the client after `auth` are ignored.
 */
export const NOTIFICATION_STREAM_PATH = '/api/v1/notifications/stream';

export const STREAM_CLOSE_CODES = { badMessage: 4400, unauthenticated: 4401, tooManyConnections: 4429, goingAway: 1001, serverError: 1011 } as const;

export type StreamMessage =
  | { type: 'ready'; unread: number }
  | { type: 'notification'; notification: InboxItem }
  | { type: 'gap'; before: number }
  | { type: 'unread'; count: number };

export interface NotificationStreamOptions {
  inbox: Inbox;
  signals: InboxSignals;
  authenticate: Authenticator;
  log: Logger;
  clock: () => Date;
  authTimeoutMs?: number;
  /** How often the session behind each token is checked again (logout, erasure, lost access). */
  recheckMs?: number;
  /** Ping interval; a connection that did not answer the previous ping is dropped. */
  heartbeatMs?: number;
  maxConnectionsPerPerson?: number;
  /** Most notifications sent on (re)connect before a `gap`. */
  backlogLimit?: number;
  maxMessageBytes?: number;
  /** A client that lets this much pile up unsent is too slow: it is dropped (it resumes on reconnect). */
  maxBufferedBytes?: number;
}

const AuthMessage = z.strictObject({
  type: z.literal('auth'),
  accessToken: z.string().min(1).max(8192),
  after: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** Ids delivered above a connection's floor that it remembers, to send one committed late without repeating any. */
const REMEMBERED_IDS = 128;
const RETRY_MS = 1_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Connection {
  ws: WebSocket;
  phase: 'authenticating' | 'starting' | 'open' | 'closed';
  userId?: string;
  token?: string;
  /** Notifications with ids ≤ floor are never sent (seen before, or given up as a gap). */
  floor: number;
  /** Ids above the floor already sent, ascending. */
  sent: number[];
  needNotifications: boolean;
  needUnread: boolean;
  pumping: boolean;
  authDeadline?: NodeJS.Timeout;
  retry?: NodeJS.Timeout;
  /** The token's expiry and its periodic re-check. */
  timers: NodeJS.Timeout[];
}

/**
 * The WebSocket side of the inbox for one API process. Each process hears every inbox change
 * through InboxSignals (one LISTEN connection) and pushes to its own sockets of that person,
 * so a person connected to any replica gets their notifications. Signals only say "look": each
 * connection reads what it has not sent yet from the table, so nothing is lost or repeated when
 * signals are missed, duplicated or out of order.
 */
export class NotificationStreamServer {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly byPerson = new Map<string, Set<Connection>>();
  private readonly stopHeartbeat: () => void;
  private readonly unsubscribe: () => void;
  private readonly detach: (() => void)[] = [];
  private closing = false;
  private readonly o: Required<Omit<NotificationStreamOptions, 'inbox' | 'signals' | 'authenticate' | 'log' | 'clock'>> & NotificationStreamOptions;

  constructor(options: NotificationStreamOptions) {
    this.o = {
      authTimeoutMs: 5_000,
      recheckMs: 60_000,
      heartbeatMs: 30_000,
      maxConnectionsPerPerson: 8,
      backlogLimit: 500,
      maxMessageBytes: 16 * 1024,
      maxBufferedBytes: 4 * 1024 * 1024,
      ...options,
    };
    this.wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: this.o.maxMessageBytes, perMessageDeflate: false });
    this.unsubscribe = options.signals.subscribe({ signal: (s) => this.onSignal(s), resync: () => this.resyncAll() });
    this.stopHeartbeat = startHeartbeat(() => [...this.connections].map((c) => c.ws), this.o.heartbeatMs);
  }

  /** Serves the stream path on `server`'s upgrade requests. */
  attach(server: http.Server): void {
    this.detach.push(
      serveUpgrades(server, NOTIFICATION_STREAM_PATH, (req, socket, head) => {
        if (this.closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
        this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
      }),
    );
  }

  /** Open connections (authenticated or not), for metrics and benchmarks. */
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

  private onConnection(ws: WebSocket): void {
    const conn: Connection = { ws, phase: 'authenticating', floor: 0, sent: [], needNotifications: false, needUnread: false, pumping: false, timers: [] };
    this.connections.add(conn);
    conn.authDeadline = setTimeout(() => this.end(conn, STREAM_CLOSE_CODES.unauthenticated, 'authenticate in time'), this.o.authTimeoutMs);
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.forget(conn));
    ws.on('message', (data, isBinary) => {
      if (conn.phase !== 'authenticating' || conn.token !== undefined) return;
      void this.onFirstMessage(conn, data, isBinary);
    });
  }

  private async onFirstMessage(conn: Connection, data: RawData, isBinary: boolean): Promise<void> {
    let message: z.output<typeof AuthMessage>;
    try {
      if (isBinary) throw new Error('binary');
      message = AuthMessage.parse(JSON.parse(messageText(data)));
    } catch {
      return this.end(conn, STREAM_CLOSE_CODES.badMessage, 'expected {"type":"auth","accessToken":"…","after":<id>}');
    }
    conn.token = message.accessToken;
    try {
      const principal = await verifyAccessToken(this.o.authenticate, message.accessToken);
      if (isClosed(conn)) return;
      conn.userId = principal.userId;
      // Read the floor before joining the person's fan-out: anything committed after it is then
      // either above the floor or signalled, so a connection without `after` misses nothing either.
      conn.floor = message.after ?? (await this.o.inbox.newestId(principal.userId));
      if (isClosed(conn)) return;
      this.join(conn, principal.userId);
      conn.phase = 'starting';
      const unread = await this.o.inbox.unreadCount(principal.userId);
      if (isClosed(conn)) return;
      clearTimeout(conn.authDeadline);
      this.watchToken(conn);
      this.send(conn, { type: 'ready', unread });
      conn.phase = 'open';
      conn.needNotifications = true;
      void this.pump(conn);
    } catch (error) {
      if (error instanceof UnauthenticatedError) return this.end(conn, STREAM_CLOSE_CODES.unauthenticated, 'invalid or expired access token');
      this.o.log.error('notification stream could not start', { error: String(error) });
      this.end(conn, STREAM_CLOSE_CODES.serverError, 'try again');
    }
  }

  /** Closes with 4401 when the token expires, and when a periodic check finds the session over. */
  private watchToken(conn: Connection): void {
    const expiresAt = tokenExpiry(conn.token!);
    if (expiresAt !== undefined) {
      const delay = Math.min(Math.max(expiresAt - this.o.clock().getTime(), 0), MAX_TIMER_MS);
      conn.timers.push(setTimeout(() => this.end(conn, STREAM_CLOSE_CODES.unauthenticated, 'access token expired'), delay));
    }
    const recheck = setInterval(async () => {
      try {
        const principal = await verifyAccessToken(this.o.authenticate, conn.token!);
        if (principal.userId !== conn.userId) this.end(conn, STREAM_CLOSE_CODES.unauthenticated, 'session ended');
      } catch (error) {
        if (error instanceof UnauthenticatedError) this.end(conn, STREAM_CLOSE_CODES.unauthenticated, 'session ended');
        else this.o.log.warn('notification stream could not recheck a session', { error: String(error) });
      }
    }, this.o.recheckMs);
    conn.timers.push(recheck);
  }

  private join(conn: Connection, userId: string): void {
    let mine = this.byPerson.get(userId);
    if (!mine) this.byPerson.set(userId, (mine = new Set()));
    if (mine.size >= this.o.maxConnectionsPerPerson) {
      const oldest = mine.values().next().value!;
      mine.delete(oldest);
      this.end(oldest, STREAM_CLOSE_CODES.tooManyConnections, 'too many connections; this was the oldest');
    }
    mine.add(conn);
  }

  private onSignal(signal: InboxSignal): void {
    const mine = this.byPerson.get(signal.recipientId);
    if (!mine) return;
    for (const conn of mine) {
      if (signal.change === 'created') conn.needNotifications = true;
      else conn.needUnread = true;
      void this.pump(conn);
    }
  }

  private resyncAll(): void {
    for (const conn of this.connections) {
      if (conn.userId === undefined) continue;
      conn.needNotifications = true;
      conn.needUnread = true;
      void this.pump(conn);
    }
  }

  /** One reader per connection at a time; what is asked meanwhile is picked up by the same loop. */
  private async pump(conn: Connection): Promise<void> {
    if (conn.phase !== 'open' || conn.pumping) return;
    conn.pumping = true;
    try {
      while (conn.phase === 'open' && (conn.needNotifications || conn.needUnread)) {
        if (conn.needNotifications) {
          conn.needNotifications = false;
          await this.deliver(conn);
        } else {
          conn.needUnread = false;
          const count = await this.o.inbox.unreadCount(conn.userId!);
          this.send(conn, { type: 'unread', count });
        }
      }
    } catch (error) {
      // Asked again later: delivery is idempotent per connection, an extra count is harmless.
      this.o.log.warn('notification stream read failed; retrying', { error: String(error) });
      conn.needNotifications = conn.needUnread = true;
      clearTimeout(conn.retry);
      conn.retry = setTimeout(() => void this.pump(conn), RETRY_MS);
    } finally {
      conn.pumping = false;
    }
  }

  private async deliver(conn: Connection): Promise<void> {
    const { items, truncated } = await this.o.inbox.undelivered(conn.userId!, conn.floor, conn.sent, this.o.backlogLimit);
    if (conn.phase !== 'open') return;
    if (truncated) {
      conn.floor = items[0]!.id - 1;
      conn.sent = conn.sent.filter((id) => id > conn.floor);
    }
    for (const notification of items) {
      this.send(conn, { type: 'notification', notification: inboxItem(notification) });
      remember(conn, notification.id);
    }
    if (truncated) this.send(conn, { type: 'gap', before: items[0]!.id });
  }

  private send(conn: Connection, message: StreamMessage): void {
    sendJson(conn.ws, message, this.o.maxBufferedBytes);
  }

  private end(conn: Connection, code: number, reason: string): void {
    if (conn.phase === 'closed') return;
    this.forget(conn);
    conn.ws.close(code, reason);
  }

  private forget(conn: Connection): void {
    conn.phase = 'closed';
    clearTimeout(conn.authDeadline);
    clearTimeout(conn.retry);
    for (const timer of conn.timers) clearTimeout(timer);
    conn.timers = [];
    this.connections.delete(conn);
    if (conn.userId === undefined) return;
    const mine = this.byPerson.get(conn.userId);
    mine?.delete(conn);
    if (mine?.size === 0) this.byPerson.delete(conn.userId);
  }
}

/**
 * Runs the HTTP API's authenticator on a bare token: it reads credentials from a request, and a
 * WebSocket gets its token from a message. Only `Authorization` is there to read.
 */
export async function verifyAccessToken(authenticate: Authenticator, token: string): Promise<Principal> {
  const authorization = `Bearer ${token}`;
  const header = (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined);
  const principal = await authenticate({ get: header, header, headers: { authorization } } as unknown as Request);
  if (!principal) throw new UnauthenticatedError('authentication required');
  return principal;
}

/** `exp` of a JWT already verified, in epoch ms; undefined when it has none. */
function tokenExpiry(token: string): number | undefined {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Read through a call: the phase changes while a handler awaits, which narrowing cannot see. */
function isClosed(conn: Connection): boolean {
  return conn.phase === 'closed';
}

function remember(conn: Connection, id: number): void {
  let at = conn.sent.length;
  while (at > 0 && conn.sent[at - 1]! > id) at--;
  conn.sent.splice(at, 0, id);
  // Forgetting the lowest raises the floor to it: nothing at or below is ever sent again.
  if (conn.sent.length > REMEMBERED_IDS) conn.floor = Math.max(conn.floor, conn.sent.shift()!);
}
