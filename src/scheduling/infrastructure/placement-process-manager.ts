import type pg from 'pg';
import { Projector } from '../../../projections/projector.js';
import type { CommandContext } from '../../shared/event-store/envelope.js';
import type { EventStore } from '../../shared/event-store/event-store.js';
import type { Logger } from '../../platform/tokens.js';
import type { ScheduleReservations } from '../application/schedule-reservations.js';
import { settlePlacement, type HolderPlacement } from '../application/settle-placement.js';
import { ensurePlacementTrackingSchema, placementTrackingProjection, type HolderKind } from './placement-tracking.projection.js';

export type HolderFactory = (id: string) => HolderPlacement<any, any, any>;

export interface PlacementProcessManagerOptions {
  store: EventStore;
  pool: pg.Pool;
  schedule: ScheduleReservations;
  holders: Record<HolderKind, HolderFactory>;
  /** A placement in flight longer than this is finished or compensated. */
  stallAfterMs: number;
  /** After this many failed repairs the placement is abandoned (rejected, slots released). */
  maxAttempts?: number;
  schema?: string;
  sweepEveryMs?: number;
  newId: () => string;
  log?: Logger;
}

/**
 * Finishes or compensates placements left half-done (a writer crashed between reserving
 * buckets and recording the outcome), and makes sure slots freed by an outcome are released
 * even if the writer died before releasing them. Bookkeeping is a checkpointed projection;
 * repairs re-run the same idempotent placement protocol the request path runs, so racing a
 * slow but alive writer is safe.
 */
export class PlacementProcessManager {
  private readonly projector: Projector;
  private readonly schema: string;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: PlacementProcessManagerOptions) {
    this.schema = options.schema ?? 'process_manager';
    this.projector = new Projector({
      store: options.store,
      pool: options.pool,
      projections: [placementTrackingProjection(options.stallAfterMs)],
      schema: this.schema,
      onError: (error) => options.log?.error('placement tracking failed; retrying', { error: String(error) }),
    });
  }

  async start(): Promise<void> {
    await ensurePlacementTrackingSchema(this.options.pool, this.schema);
    await this.projector.start();
    this.stopped = false;
    const every = this.options.sweepEveryMs ?? Math.max(250, Math.min(5_000, this.options.stallAfterMs / 4));
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .then(() => undefined)
        .catch((error) => this.options.log?.error('placement sweep failed', { error: String(error) }))
        .finally(() => (this.sweeping = undefined));
    }, every);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping;
    await this.projector.stop();
  }

  /** One pass: repair stalled placements, then release what settled outcomes freed. Returns how many holders it handled. */
  async sweep(): Promise<number> {
    let handled = 0;
    const q = `"${this.schema}"`;
    const stalled = await this.options.pool.query<{ holder_kind: HolderKind; holder_id: string; placement: number; correlation_id: string; request_event: string; attempts: number }>(
      `UPDATE ${q}.placements_in_flight SET attempts = attempts + 1, next_check_at = now() + $1 * interval '1 millisecond'
        WHERE (holder_kind, holder_id) IN (SELECT holder_kind, holder_id FROM ${q}.placements_in_flight WHERE next_check_at <= now() ORDER BY next_check_at LIMIT 100 FOR UPDATE SKIP LOCKED)
        RETURNING holder_kind, holder_id, placement, correlation_id, request_event, attempts`,
      [this.options.stallAfterMs],
    );
    for (const row of stalled.rows) {
      if (this.stopped) break;
      const abandon = row.attempts > (this.options.maxAttempts ?? 5);
      try {
        await settlePlacement(this.options.store, this.options.schedule, this.options.holders[row.holder_kind](row.holder_id), this.context(row.correlation_id, row.request_event), { abandon });
        this.options.log?.info(abandon ? 'abandoned a stalled placement' : 'settled a stalled placement', { holderKind: row.holder_kind, holderId: row.holder_id, placement: row.placement });
        handled++;
      } catch (error) {
        this.options.log?.warn('could not settle a stalled placement yet', { holderKind: row.holder_kind, holderId: row.holder_id, error: String(error) });
      }
    }
    const due = await this.options.pool.query<{ holder_kind: HolderKind; holder_id: string; correlation_id: string; cause_event: string; due_at: Date }>(
      `SELECT holder_kind, holder_id, correlation_id, cause_event, due_at FROM ${q}.releases_due WHERE due_at <= now() ORDER BY due_at LIMIT 100`,
    );
    for (const row of due.rows) {
      if (this.stopped) break;
      const holder = this.options.holders[row.holder_kind](row.holder_id);
      const ctx = this.context(row.correlation_id, row.cause_event);
      // settlePlacement with nothing in flight just releases what the recorded outcome freed.
      await settlePlacement(this.options.store, this.options.schedule, holder, ctx);
      await this.options.pool.query(`DELETE FROM ${q}.releases_due WHERE holder_kind = $1 AND holder_id = $2 AND due_at = $3`, [row.holder_kind, row.holder_id, row.due_at]);
      handled++;
    }
    return handled;
  }

  /** Lag of the bookkeeping behind the log, for metrics. */
  stats() {
    return this.projector.stats();
  }

  private context(correlationId: string, causationId: string): CommandContext {
    return {
      actor: { id: 'process-manager', kind: 'system' },
      permissions: new Set(),
      correlationId,
      causationId,
      now: new Date(),
      newId: this.options.newId,
    };
  }
}
