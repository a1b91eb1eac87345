import type pg from 'pg';
import type { Logger } from '../../platform/tokens.js';

export interface ChannelSubscriber<T> {
  signal(signal: T): void;
  /** LISTEN was lost and is back: signals of the meantime are gone, so re-read what matters. */
  resync(): void;
}

export interface ChannelListenerOptions {
  /** A connection of its own, held for as long as it listens (default: one taken from `pool`). */
  connect?: () => Promise<pg.PoolClient>;
  log: Logger;
  /** First wait before reconnecting; it doubles up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One process's ear on `pg_notify(channel, …)`: a single dedicated connection LISTENs and hands
 * every signal (JSON payloads, parsed by `parse`; undefined drops one) to the subscribers. The
 * connection comes back by itself when lost; subscribers then hear `resync`, because NOTIFY is
 * not queued for a listener that is gone. Signals are hints: the tables stay the truth.
 */
export class PgChannelListener<T> {
  private readonly subscribers = new Set<ChannelSubscriber<T>>();
  private readonly connect: () => Promise<pg.PoolClient>;
  private client: pg.PoolClient | undefined;
  private pid: number | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelay: number;

  constructor(
    pool: pg.Pool,
    private readonly channel: string,
    private readonly parse: (payload: unknown) => T | undefined,
    private readonly options: ChannelListenerOptions,
  ) {
    // Interpolated into LISTEN, which takes no bind parameters.
    if (!CHANNEL_NAME.test(channel)) throw new Error(`invalid channel name: ${JSON.stringify(channel)}`);
    this.connect = options.connect ?? (() => pool.connect());
    this.retryDelay = options.retryDelayMs ?? 200;
  }

  subscribe(subscriber: ChannelSubscriber<T>): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
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
      await client.query(`LISTEN ${this.channel}`);
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
    if (message.channel !== this.channel || !message.payload) return;
    let signal: T | undefined;
    try {
      signal = this.parse(JSON.parse(message.payload));
    } catch {
      return;
    }
    if (signal === undefined) return;
    for (const subscriber of this.subscribers) subscriber.signal(signal);
  }

  private lost(client: pg.PoolClient, error: Error): void {
    if (client !== this.client) return;
    this.drop();
    if (this.stopped) return;
    this.options.log.warn(`${this.channel} signals lost; reconnecting`, { error: String(error) });
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.retryTimer = setTimeout(async () => {
      try {
        await this.listen();
        if (this.stopped) return;
        this.retryDelay = this.options.retryDelayMs ?? 200;
        this.options.log.info(`${this.channel} signals listening again`);
        for (const subscriber of this.subscribers) subscriber.resync();
      } catch (error) {
        if (this.stopped) return;
        this.options.log.warn(`${this.channel} signals reconnect failed; retrying`, { error: String(error) });
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
