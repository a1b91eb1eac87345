import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { projectorMetrics, renderMetrics } from '../src/platform/metrics.js';
import { defineProjection } from './projection.js';
import { bookingFact, createReadModelKit, type ReadModelKit } from './projection-test-kit.js';
import { Projector } from './projector.js';

describe('projection lag per projection', () => {
  let kit: ReadModelKit;

  beforeAll(async () => {
    kit = await createReadModelKit('proj_lag');
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('counts the events a held-up projection has not applied and how far behind the newest it is, per lane, as metrics', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = defineProjection({ name: 'slow', filter: { streamPrefixes: ['booking-'] }, tables: [], applyBatch: () => gate });
    const quick = defineProjection({ name: 'quick', filter: { streamPrefixes: ['booking-'] }, tables: [], applyBatch: async () => {} });
    const projector = new Projector({ store: kit.store, pool: kit.pool, projections: [slow, quick], schema: kit.schema, batchSize: 1 });
    const metrics = projectorMetrics('read-models', () => projector.stats());
    // Recorded before the start: a projection transaction held open keeps later appends out of
    // every reader's sight (gap-free reads stop below the oldest open transaction).
    await kit.record(bookingFact('l1', 'BookingConfirmed'), bookingFact('l2', 'BookingConfirmed'), bookingFact('l3', 'BookingConfirmed'));
    await projector.start();
    try {
      await vi.waitFor(() => expect(projector.stats().lanes).toMatchObject({ slow: { eventsBehind: 3 }, quick: { eventsBehind: 0, secondsBehind: 0 } }), { timeout: 10_000 });
      expect(projector.stats().lanes.slow!.secondsBehind).toBeGreaterThanOrEqual(0);
      const text = renderMetrics(metrics);
      expect(text).toContain('reserva_projection_lane_events_behind{component="read-models",projection="slow"} 3');
      expect(text).toContain('reserva_projection_lane_events_behind{component="read-models",projection="quick"} 0');
      expect(text).toMatch(/reserva_projection_lane_seconds_behind\{component="read-models",projection="slow"\} [\d.]+/);
      release();
      await vi.waitFor(() => expect(projector.stats().lanes.slow).toEqual({ eventsBehind: 0, secondsBehind: 0 }), { timeout: 10_000 });
    } finally {
      release();
      await projector.stop();
    }
  });
});
