import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KafkaBroker } from '../scripts/kafka/kafka-broker.js';
import { AUDIT_LOG_CONSUMER } from '../src/audit/infrastructure/audit-log-consumer.js';
import { CONTEXT_TOPICS, topicFor } from '../src/messaging/event-message.js';
import { HEADERS } from '../src/messaging/message.js';
import { startEntryPointProcess } from './support/api-process.js';
import { ownKafkaBrokerOrSkip, readTopicWithKcat } from './support/kafka-broker.js';
import { officeHours } from './support/write-side.js';
import { startTestServer, type Client, type TestServer } from './support/test-server.js';
import { futureMonday } from './support/future-day.js';

// Each test restarts or outlives processes around a broker of its own: the shared one stays undisturbed.
const kafka = ownKafkaBrokerOrSkip();

type EntryPoint = Awaited<ReturnType<typeof startEntryPointProcess>>;

const BOOKINGS = 60;
const SPACES = 6;
/** 15-minute slots from 08:00 to 20:00 (officeHours). */
const SLOTS_PER_DAY = 48;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Timeouts of 3 minutes: restarting processes and a broker takes a while on a busy machine (nothing asserts how long).
describe.skipIf(!kafka.available)('the backbone under failure: relay crash and broker restart mid-stream lose nothing and apply no effect twice', () => {
  let server: TestServer | undefined;
  let processes: EntryPoint[] = [];

  afterEach(async () => {
    const running = processes.splice(0);
    await Promise.all(running.map((p) => p.stop()));
    await server?.close();
    server = undefined;
  });

  async function setUp(): Promise<{ broker: KafkaBroker; server: TestServer; start: (entryPoint: string) => Promise<EntryPoint> }> {
    const broker = await kafka.start();
    server = await startTestServer();
    const env = { KAFKA_BROKERS: broker.brokers.join(','), KAFKA_PARTITIONS: '3', SMTP_URL: server.mail.url, LOG_LEVEL: 'error' };
    const start = async (entryPoint: string) => {
      const started = await startEntryPointProcess(entryPoint, server!.db.url, env);
      processes.push(started);
      return started;
    };
    return { broker, server, start };
  }

  /**
   * Books slots one after another through the HTTP API (every third one is cancelled too, so
   * streams have three revisions): calls `midway` once BOOKINGS / 2 are accepted, and goes on
   * writing while it runs, until at least BOOKINGS are accepted and `midway` has finished.
   */
  /** Resolves once the relay process's /metrics counts a restart (polled; bounded by attempts). */
  async function relayRestarted(baseUrl: string): Promise<void> {
    for (let attempt = 0; attempt < 1200; attempt++) {
      const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
      if (Number(/^reserva_relay_restarts_total (\d+)$/m.exec(metrics)?.[1]) > 0) return;
      await sleep(100);
    }
    throw new Error('the relay never started over while the broker was down');
  }

  async function writeStream(server: TestServer, midway: () => Promise<void>): Promise<void> {
    const admin = server.as(randomUUID(), ['admin']);
    const booker: Client = server.as(randomUUID(), ['booker']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Harpa', address: 'Austurbakki 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.93, timeZone: 'Atlantic/Reykjavik', kind: 'office' } });
    expect(site.status).toBe(201);
    const spaces: string[] = [];
    for (let i = 0; i < SPACES; i++) {
      const space = await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: `Room ${i}`, kind: 'meeting_room', capacity: 6, policy: officeHours } });
      expect(space.status).toBe(201);
      spaces.push(space.body.id);
    }
    const monday = Date.parse(`${futureMonday()}T00:00:00Z`);
    const perDay = SPACES * SLOTS_PER_DAY;
    let disturbed = false;
    let disturbance: Promise<void> | undefined;
    for (let i = 0; i < BOOKINGS || !disturbed; i++) {
      if (i === BOOKINGS / 2) disturbance = midway().finally(() => (disturbed = true));
      // A long disturbance moves on to the next weekday.
      if (i === perDay * 5) throw new Error('the week is fully booked before the disturbance ended');
      const day = new Date(monday + Math.floor(i / perDay) * 86_400_000).toISOString().slice(0, 10);
      const startMinute = 8 * 60 + Math.floor((i % perDay) / SPACES) * 15;
      const at = (minute: number) => `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`;
      const booked = await booker('POST', '/api/v1/bookings', {
        body: { spaceId: spaces[i % SPACES], start: at(startMinute), end: at(startMinute + 15), purpose: `Booking ${i}`, participants: 2, resources: [] },
      });
      expect(booked.status).toBe(201);
      if (i % 3 === 0) expect((await booker('POST', `/api/v1/bookings/${booked.body.id}/cancel`, { body: { reason: 'changed plans' } })).status).toBe(200);
      // A steady stream rather than one burst: the disturbance lands between writes.
      await sleep(50);
    }
    await disturbance;
  }

  /** Waits until the audit log holds as many entries as the store has relayed events, then checks once-only and order. */
  async function expectEveryEventAuditedOnce(server: TestServer): Promise<void> {
    const { rows: events } = await server.pool.query<{ event_id: string; stream_id: string; stream_revision: string }>(
      'SELECT event_id::text, stream_id, stream_revision::text FROM eventstore.events ORDER BY global_position',
    );
    const relayed = events.filter((e) => topicFor(e.stream_id) !== undefined);
    expect(relayed.length).toBeGreaterThan(BOOKINGS * 2);
    const auditCount = async () => Number((await server.pool.query<{ n: string }>('SELECT count(*) AS n FROM audit.entries')).rows[0]!.n);
    for (let i = 0; i < 600 && (await auditCount().catch(() => 0)) < relayed.length; i++) await sleep(100);

    const { rows: entries } = await server.pool.query<{ event_id: string; stream_id: string }>('SELECT event_id, stream_id FROM audit.entries ORDER BY seq');
    expect(entries.map((e) => e.event_id).sort()).toEqual(relayed.map((e) => e.event_id).sort());
    // The unique index keeps audit rows single; the processed-event table shows no effect ran twice or was dead-lettered.
    const processed = await server.pool.query<{ n: string }>('SELECT count(*) AS n FROM messaging.processed_events WHERE consumer = $1', [AUDIT_LOG_CONSUMER]);
    expect(Number(processed.rows[0]!.n)).toBe(entries.length);

    // Per stream, the chain's order is the stream's revision order.
    const revisionOf = new Map(relayed.map((e) => [e.event_id, Number(e.stream_revision)]));
    const auditedRevisions = new Map<string, number[]>();
    for (const e of entries) (auditedRevisions.get(e.stream_id) ?? auditedRevisions.set(e.stream_id, []).get(e.stream_id)!).push(revisionOf.get(e.event_id)!);
    for (const [streamId, revisions] of auditedRevisions) expect({ streamId, revisions }).toEqual({ streamId, revisions: revisions.map((_, i) => i) });

    const auditor = server.as(randomUUID(), ['auditor']);
    expect((await auditor('GET', '/api/v1/audit/verification')).body).toMatchObject({ ok: true });
  }

  it('a relay killed with SIGKILL mid-stream is replaced, and the audit log ends with every event once, in order per stream', async () => {
    const { server, start } = await setUp();
    const [relay] = await Promise.all([start('src/main/relay.ts'), start('src/main/audit-consumer.ts')]);
    await writeStream(server, async () => {
      const exited = new Promise((resolve) => relay!.process.once('exit', resolve));
      relay!.process.kill('SIGKILL');
      await exited;
      processes = processes.filter((p) => p !== relay);
      await start('src/main/relay.ts');
    });
    await expectEveryEventAuditedOnce(server);
  }, 180_000);

  it('a broker restarted mid-stream is rejoined by the relay and the consumer, and the audit log ends with every event once, in order per stream', async () => {
    const { broker, server, start } = await setUp();
    const [relay, consumer] = await Promise.all([start('src/main/relay.ts'), start('src/main/audit-consumer.ts')]);
    let acknowledged: { commit: string; prepare: string } | undefined;
    await writeStream(server, async () => {
      // Everything up to the relay's stored checkpoint was acknowledged before the broker went away.
      acknowledged = (await server.pool.query<{ commit: string; prepare: string }>(
        `SELECT commit_position::text AS commit, prepare_position::text AS prepare FROM messaging.relay_checkpoint WHERE name = 'relay'`,
      )).rows[0];
      // Down until the relay has given up on a publish and started over from its checkpoint,
      // so the restart path is exercised however quickly the broker would come back.
      await broker.restart(() => relayRestarted(relay!.baseUrl));
    });
    await expectEveryEventAuditedOnce(server);
    // The same processes did it: neither gave up while the broker was away.
    expect([relay!.process.exitCode, consumer!.process.exitCode]).toEqual([null, null]);

    // The relay did start over, and from its checkpoint: what was acknowledged before is on the topics once,
    // read back by an independent client; only the batch in flight when the broker went away may be there twice.
    const metrics = await (await fetch(`${relay!.baseUrl}/metrics`)).text();
    expect(Number(/^reserva_relay_restarts_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    const { rows: events } = await server.pool.query<{ event_id: string; stream_id: string; acknowledged: boolean }>(
      `SELECT event_id::text, stream_id, (transaction_id::text::bigint, global_position) <= ($1::bigint, $2::bigint) AS acknowledged
         FROM eventstore.events ORDER BY global_position`,
      [acknowledged!.commit, acknowledged!.prepare],
    );
    const relayed = events.filter((e) => topicFor(e.stream_id) !== undefined);
    const onTopics = new Map<string, number>();
    for (const topic of CONTEXT_TOPICS) {
      for (const message of await readTopicWithKcat(broker.brokers, topic)) {
        const id = message.headers[HEADERS.eventId]!;
        onTopics.set(id, (onTopics.get(id) ?? 0) + 1);
      }
    }
    expect([...onTopics.keys()].sort()).toEqual(relayed.map((e) => e.event_id).sort());
    const before = relayed.filter((e) => e.acknowledged);
    expect(before.length).toBeGreaterThan(BOOKINGS);
    expect(before.filter((e) => onTopics.get(e.event_id) !== 1)).toEqual([]);
    const republished = [...onTopics.values()].reduce((sum, n) => sum + n - 1, 0);
    expect(republished).toBeLessThan(relayed.length - before.length);
  }, 180_000);
});
