import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/test-database.js';
import { InProcessBus } from './in-process-bus.js';
import { deadLetterTopic, type ConsumedMessage } from './message.js';
import { ensureMessagingSchema } from './messaging-schema.js';
import { deleteExpiredMessaging, startMessagingRetention, type MessagingRetention } from './messaging-retention.js';

const DAY = 86_400_000;
const RETENTION: MessagingRetention = { busMessagesMs: DAY, processedEventsMs: 7 * DAY };

describe('messaging retention', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let bus: InProcessBus;

  beforeEach(async () => {
    db = await createTestDatabase('retention');
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    await ensureMessagingSchema(pool);
    // One partition: offsets are the order of publishing.
    bus = new InProcessBus(pool, { partitions: 1, pollMs: 20 });
  });
  afterEach(async () => {
    await pool?.end();
    await db?.drop();
  });

  const publish = (topic: string, count: number) =>
    bus.publish(Array.from({ length: count }, (_, n) => ({ topic, key: 'k', value: Buffer.from(String(n)), headers: {} })));
  const age = (topic: string, offsets: number[], days: number) =>
    pool.query(`UPDATE messaging.bus_messages SET published_at = now() - make_interval(days => $3) WHERE topic = $1 AND message_offset = ANY($2)`, [topic, offsets, days]);
  const offsets = async (topic: string) =>
    (await pool.query<{ o: number }>('SELECT message_offset::int AS o FROM messaging.bus_messages WHERE topic = $1 ORDER BY o', [topic])).rows.map((r) => r.o);
  /** Runs group `group` over `topics` until it has read (and committed) everything there is now. */
  const consumeAll = async (group: string, topics: string[]): Promise<ConsumedMessage[]> => {
    const read: ConsumedMessage[] = [];
    const subscription = await bus.subscribe({ group, topics, handleBatch: async (batch) => void read.push(...batch) });
    while ((await subscription.lag()).some((p) => p.lag > 0)) await new Promise((resolve) => setTimeout(resolve, 10));
    await subscription.stop();
    return read;
  };

  it('deletes old bus messages every known group has read, keeps what any group has not, and each partition\'s newest', async () => {
    await publish('a', 5);
    await publish('b', 3);
    await publish(deadLetterTopic('a'), 2);
    await consumeAll('g1', ['a', 'b']);
    // g2 subscribed to `a` earlier and has read offsets 0 and 1 so far.
    await pool.query(`INSERT INTO messaging.bus_offsets (consumer_group, topic, partition, next_offset) VALUES ('g2', 'a', 0, 2)`);
    await age('a', [0, 1, 2, 3], 2);
    await age('b', [0, 1, 2], 2);
    await age(deadLetterTopic('a'), [0, 1], 2);

    const run = await deleteExpiredMessaging(pool, RETENTION, new Date());

    // a: 0 and 1 are read by both groups and old; 2 and 3 are old but g2 has not read them; 4 is recent.
    expect(await offsets('a')).toEqual([2, 3, 4]);
    // b: everything read and old, but the newest stays so the next offset is 3, not 0.
    expect(await offsets('b')).toEqual([2]);
    // A dead-letter topic no group reads keeps its messages for the age alone (and its newest).
    expect(await offsets(deadLetterTopic('a'))).toEqual([1]);
    expect(run.busMessages).toBe(2 + 2 + 1);

    // Offsets go on from where they were, and g2 still gets everything it has not read.
    await publish('b', 1);
    expect(await offsets('b')).toEqual([2, 3]);
    expect((await consumeAll('g2', ['a'])).map((m) => m.offset)).toEqual(['2', '3', '4']);
    expect((await consumeAll('g1', ['b'])).map((m) => m.offset)).toEqual(['3']);
  });

  it('keeps old messages from a group that has subscribed but not read anything yet', async () => {
    await publish('a', 3);
    await consumeAll('g1', ['a']);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const subscription = await bus.subscribe({ group: 'slow', topics: ['a'], handleBatch: () => held });
    // Subscribing is enough for the group to count, even before its first commit.
    while ((await pool.query(`SELECT 1 FROM messaging.bus_offsets WHERE consumer_group = 'slow'`)).rowCount === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await age('a', [0, 1, 2], 30);

    expect(await deleteExpiredMessaging(pool, RETENTION, new Date())).toEqual({ busMessages: 0, processedEvents: 0 });
    expect(await offsets('a')).toEqual([0, 1, 2]);
    release();
    await subscription.stop();
  });

  it('deletes processed-event rows older than the window, in slices, and keeps younger ones', async () => {
    await pool.query(`
      INSERT INTO messaging.processed_events (consumer, event_id, processed_at)
      SELECT 'audit-log', 'old-' || n, now() - interval '8 days' FROM generate_series(1, 10005) AS n`);
    await pool.query(`INSERT INTO messaging.processed_events (consumer, event_id, processed_at) VALUES ('audit-log', 'recent', now() - interval '6 days'), ('notifications', 'today', now())`);

    expect(await deleteExpiredMessaging(pool, RETENTION, new Date())).toEqual({ busMessages: 0, processedEvents: 10_005 });
    expect((await pool.query('SELECT event_id FROM messaging.processed_events ORDER BY event_id')).rows.map((r) => r.event_id)).toEqual(['recent', 'today']);
  });

  it('runs at once and on its interval until stopped', async () => {
    await pool.query(`INSERT INTO messaging.processed_events (consumer, event_id, processed_at) VALUES ('c', 'old', now() - interval '8 days')`);
    const runs: number[] = [];
    const task = startMessagingRetention(pool, RETENTION, { intervalMs: 20, clock: () => new Date(), onRun: (run) => runs.push(run.processedEvents) });
    while (runs.length < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    await task.stop();
    const after = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs[0]).toBe(1);
    expect(runs.slice(1).every((n) => n === 0)).toBe(true);
    expect(runs).toHaveLength(after);
  });
});
