import type pg from 'pg';
import { PgChannelListener, type ChannelListenerOptions } from '../../shared/postgres/pg-channel-listener.js';
import { INBOX_SIGNAL_CHANNEL, type InboxSignal } from './notifications-schema.js';

export type InboxSignalsOptions = ChannelListenerOptions;

/**
 * One process's ear on `pg_notify('reserva_inbox')`, handing every signal to the WebSocket hub
 * (and `resync` after the LISTEN connection came back).
 */
export class InboxSignals extends PgChannelListener<InboxSignal> {
  constructor(pool: pg.Pool, options: InboxSignalsOptions) {
    // Written by our own trigger (notifications-schema.ts): the shape is known.
    super(pool, INBOX_SIGNAL_CHANNEL, (payload) => payload as InboxSignal, options);
  }
}
