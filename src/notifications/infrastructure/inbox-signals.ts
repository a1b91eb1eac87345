import type pg from 'pg';
import type { Logger } from '../../platform/tokens.js';
import { INBOX_SIGNAL_CHANNEL, type InboxSignal } from './notifications-schema.js';

export interface InboxSignalListener {
  signal(signal: InboxSignal): void;
  /** LISTEN was lost and is back: signals of the meantime are gone, so re-read what matters. */
  resync(): void;
}

export interface InboxSignalsOptions {
  /** A connection of its own, held for as long as it listens (default: one taken from `pool`). */
  connect?: () => Promise<pg.PoolClient>;
  log: Logger;
  /** First wait before reconnecting; it doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

/**
 * One process's ear on `pg_notify('reserva_inbox')`: a single dedicated connection LISTENs and
 * hands every signal to the subscribers (the WebSocket hub). The connection comes back by
 * itself when lost; subscribers then hear `resync`, because NOTIFY is not queued for a
 * listener that is gone. Signals are hints: the table stays the truth.
 */
export class InboxSignals {
  private readonly listeners = new Set<InboxSignalListener>();
  private readonly connect: () => Promise<pg.PoolClient>;
  private client: pg.PoolClient | undefined;
  private pid: number | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;

  constructor(pool: pg.Pool, private readonly options: InboxSignalsOptions) {
    this.connect = options.connect ?? (() => pool.connect());
    this.retryDelay = options.retryDelayMs ?? 200;
  }

  subscribe(listener: InboxSignalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once listening; a first failure throws (the API should not start deaf). */
  async start(): Promise<void> {
    await this.listen();
  }

  /** The listening backend's process id (tests end it with pg_terminate_backend). */
  get backendPid(): number | undefined {
    return this.pid;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.drop();
  }

  private async listen(): Promise<void> {
    const client = await this.connect();
    client.on('notification', (message) => this.onNotification(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.query(`LISTEN ${INBOX_SIGNAL_CHANNEL}`);
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      if (this.stopped) {
        client.release(true);
        return;
      }
      this.client = client;
      this.pid = rows[0]!.pid;
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel !== INBOX_SIGNAL_CHANNEL || !message.payload) return;
    let signal: InboxSignal;
    try {
      signal = JSON.parse(message.payload) as InboxSignal;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener.signal(signal);
  }

  private lost(client: pg.PoolClient, error: Error): void {
    if (client !== this.client) return;
    this.drop();
    if (this.stopped) return;
    this.options.log.warn('inbox signals lost; reconnecting', { error: String(error) });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.retryTimer = setTimeout(async () => {
      try {
        await this.listen();
        if (this.stopped) return;
        this.retryDelay = this.options.retryDelayMs ?? 200;
        this.options.log.info('inbox signals listening again');
        for (const listener of this.listeners) listener.resync();
      } catch (error) {
        if (this.stopped) return;
        this.options.log.warn('inbox signals reconnect failed; retrying', { error: String(error) });
        this.retryDelay = Math.min(this.retryDelay * 2, this.options.maxRetryDelayMs ?? 5_000);
        this.scheduleReconnect();
      }
    }, this.retryDelay);
  }

  /** Gives the connection back destroyed: a LISTENing session must not be reused by the pool. */
  private drop(): void {
    const client = this.client;
    this.client = undefined;
    this.pid = undefined;
    if (client) {
      client.removeAllListeners('notification');
      client.release(true);
    }
  }
}
