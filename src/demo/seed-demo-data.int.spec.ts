import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingDecider } from '../booking/domain/booking.decider.js';
import { fold } from '../shared/application/execute-command.js';
import { createWriteSide } from '../../test/support/write-side.js';
import { DEMO_ORGANISATION } from './demo-organisation.js';
import { seedDemoData } from './seed-demo-data.js';

describe('demo data through the real command handlers', () => {
  let ws: Awaited<ReturnType<typeof createWriteSide>>;
  beforeAll(async () => {
    ws = await createWriteSide();
  });
  afterAll(() => ws.close());

  it('seeds the organisation and a week of bookings, every one placed and valid', async () => {
    const summary = await seedDemoData({ catalog: ws.catalog, bookings: ws.bookings, newId: randomUUID, now: new Date('2026-11-26T12:00:00Z'), activity: { daysBack: 7, daysAhead: 3 } });
    expect(summary).toMatchObject({ sites: DEMO_ORGANISATION.sites.length, skipped: 0 });
    expect(summary.bookingsRequested).toBeGreaterThan(50);
    expect(summary.bookingsPlaced).toBe(summary.bookingsRequested);
    const events = await ws.store.readAll({ maxCount: 1_000_000 });
    const bookingStreams = new Set(events.filter((e) => e.streamId.startsWith('booking-')).map((e) => e.streamId));
    expect(bookingStreams.size).toBe(summary.bookingsRequested);
    // Every booking ended in a settled state (nothing left half-placed).
    for (const streamId of bookingStreams) {
      const { state } = fold(events.filter((e) => e.streamId === streamId), bookingDecider);
      expect(state.status, streamId).not.toBe('placing');
    }
  });
});
