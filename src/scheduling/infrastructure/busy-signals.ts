import type pg from 'pg';
import { quoteSchema } from '../../../read-models/schema-name.js';
import { PgChannelListener, type ChannelListenerOptions } from '../../shared/postgres/pg-channel-listener.js';

/** Channel of `pg_notify` that tells every API process a space's busy intervals changed (payload: BusySignal JSON). */
export const BUSY_SIGNAL_CHANNEL = 'reserva_busy';

/** The busy intervals of `spaceId` changed somewhere within [from, to). */
export interface BusySignal {
  spaceId: string;
  /** The space's site; null if the read model does not know the space (yet). */
  siteId: string | null;
  from: string;
  to: string;
}

/** Serialises concurrent starts (api, projector, …) on one database. */
const LOCK = 'reserva.busy-signals';

/**
 * Statement triggers on the live `occupancy` table (what GET /spaces/{id}/availability reads):
 * one signal per space a statement touched, spanning the changed intervals, sent when the
 * projector's transaction commits, so whoever hears it and reads again sees the change. Only
 * the live schema signals: a rebuild fills its own schema in silence.
 */
function busySignalsSql(schema: string): string {
  const s = quoteSchema(schema);
  const changed = (tables: string[]) => tables.map((t) => `SELECT target_id, target_kind, during FROM ${t}`).join(' UNION ALL ');
  return `
CREATE OR REPLACE FUNCTION ${s}.signal_busy() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  changed record;
BEGIN
  -- Schema-qualified at run time: the schema may have been renamed (a rebuild switched in).
  FOR changed IN EXECUTE format(
    'SELECT c.target_id AS space_id, min(sp.site_id) AS site_id, min(lower(c.during)) AS from_at, max(upper(c.during)) AS to_at
       FROM (%s) c LEFT JOIN %I.spaces sp ON sp.id = c.target_id
      WHERE c.target_kind = ''space''
      GROUP BY c.target_id',
    CASE TG_OP WHEN 'INSERT' THEN '${changed(['busy_new'])}'
               WHEN 'DELETE' THEN '${changed(['busy_old'])}'
               ELSE '${changed(['busy_new', 'busy_old'])}' END,
    TG_TABLE_SCHEMA)
  LOOP
    PERFORM pg_notify('${BUSY_SIGNAL_CHANNEL}', json_build_object(
      'spaceId', changed.space_id, 'siteId', changed.site_id, 'from', changed.from_at, 'to', changed.to_at)::text);
  END LOOP;
  RETURN NULL;
END $fn$;
CREATE OR REPLACE TRIGGER signal_busy_insert AFTER INSERT ON ${s}.occupancy
  REFERENCING NEW TABLE AS busy_new FOR EACH STATEMENT EXECUTE FUNCTION ${s}.signal_busy();
CREATE OR REPLACE TRIGGER signal_busy_update AFTER UPDATE ON ${s}.occupancy
  REFERENCING OLD TABLE AS busy_old NEW TABLE AS busy_new FOR EACH STATEMENT EXECUTE FUNCTION ${s}.signal_busy();
CREATE OR REPLACE TRIGGER signal_busy_delete AFTER DELETE ON ${s}.occupancy
  REFERENCING OLD TABLE AS busy_old FOR EACH STATEMENT EXECUTE FUNCTION ${s}.signal_busy();`;
}

/**
 * Installs the busy signals on `liveSchema` inside the caller's transaction: on start
 * (ensureBusySignals) and wherever a rebuilt schema is switched in.
 */
export async function installBusySignals(client: pg.ClientBase, liveSchema: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK]);
  await client.query(busySignalsSql(liveSchema));
}

/** Called on start (bootstrap, after the read-model migrations); idempotent. */
export async function ensureBusySignals(pool: pg.Pool, liveSchema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await installBusySignals(client, liveSchema);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** One process's ear on the busy signals (see PgChannelListener). */
export class BusySignals extends PgChannelListener<BusySignal> {
  constructor(pool: pg.Pool, options: ChannelListenerOptions) {
    super(pool, BUSY_SIGNAL_CHANNEL, toBusySignal, options);
  }
}

/** PostgreSQL writes timestamptz in JSON as `2026-03-02T09:00:00+00:00`; clients get `…Z` like everywhere else. */
function toBusySignal(payload: unknown): BusySignal | undefined {
  const p = payload as { spaceId?: unknown; siteId?: unknown; from?: unknown; to?: unknown };
  if (typeof p.spaceId !== 'string' || typeof p.from !== 'string' || typeof p.to !== 'string') return undefined;
  return { spaceId: p.spaceId, siteId: typeof p.siteId === 'string' ? p.siteId : null, from: new Date(p.from).toISOString(), to: new Date(p.to).toISOString() };
}
