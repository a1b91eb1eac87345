import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicFor } from '../src/messaging/event-message.js';
import { startEntryPointProcess } from './support/api-process.js';
import { kafkaBrokersOrSkip } from './support/kafka-broker.js';
import { officeHours } from './support/write-side.js';
import { startTestServer, type Client, type TestServer } from './support/test-server.js';
import { futureMonday } from './support/future-day.js';

const brokers = kafkaBrokersOrSkip();


describe.skipIf(brokers.length === 0)('production topology on a real Kafka broker: api → relay process → Kafka → audit consumer process', () => {
  let server: TestServer;
  let processes: Awaited<ReturnType<typeof startEntryPointProcess>>[] = [];
  let admin: Client;
  let auditor: Client;

  beforeAll(async () => {
    server = await startTestServer();
    // Fresh topics per run: the relay creates them with this partition count.
    const env = { KAFKA_BROKERS: brokers.join(','), KAFKA_PARTITIONS: '3', SMTP_URL: server.mail.url, LOG_LEVEL: 'warn' };
    processes = await Promise.all([startEntryPointProcess('src/main/relay.ts', server.db.url, env), startEntryPointProcess('src/main/audit-consumer.ts', server.db.url, env)]);
    admin = server.as(randomUUID(), ['admin']);
    auditor = server.as(randomUUID(), ['auditor']);
  });
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await server?.close();
  });

  it('writes every event of a booking into the chained audit trail, in order, through separate processes', async () => {
    const booker = server.as(randomUUID(), ['booker']);
    const site = await admin('POST', '/api/v1/sites', { body: { name: 'Harpa', address: 'Austurbakki 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.93, timeZone: 'Atlantic/Reykjavik', kind: 'office' } });
    const space = await admin('POST', '/api/v1/spaces', { body: { siteId: site.body.id, name: 'Norðurljós', kind: 'meeting_room', capacity: 6, policy: officeHours } });
    const day = futureMonday();
    const booked = await booker('POST', '/api/v1/bookings', { body: { spaceId: space.body.id, start: `${day}T09:00:00Z`, end: `${day}T10:00:00Z`, purpose: 'Through Kafka', participants: 2, resources: [] } });
    expect(booked.status).toBe(201);
    const bookingId = booked.body.id;
    expect((await booker('POST', `/api/v1/bookings/${bookingId}/cancel`, { body: { reason: 'done' } })).status).toBe(200);

    let entries: { type: string; revision: number }[] = [];
    for (let i = 0; i < 300 && !entries.some((e) => e.type === 'BookingCancelled'); i++) {
      entries = (await auditor('GET', `/api/v1/audit/entries?bookingId=${bookingId}&limit=200`)).body.items;
      if (!entries.some((e) => e.type === 'BookingCancelled')) await new Promise((r) => setTimeout(r, 100));
    }
    const ofBooking = entries.filter((e) => ['BookingRequested', 'BookingConfirmed', 'BookingCancelled'].includes(e.type));
    expect(ofBooking.map((e) => e.type)).toEqual(['BookingRequested', 'BookingConfirmed', 'BookingCancelled']);
    expect(ofBooking.map((e) => e.revision)).toEqual([0, 1, 2]);
    expect((await auditor('GET', '/api/v1/audit/verification')).body).toMatchObject({ ok: true });
  });
});

describe('npm start topology: the relay and the audit consumer on the in-process bus, in the API process', () => {
  let server: TestServer;
  afterAll(async () => {
    await server?.close();
  });

  /** One sample's value from a Prometheus text exposition, or undefined when the series is absent. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('shows relay and consumer metrics on the API\'s /metrics', async () => {
    server = await startTestServer({}, { messaging: true });
    const admin = server.as(randomUUID(), ['admin']);
    expect((await admin('POST', '/api/v1/sites', { body: { name: 'Harpa', address: 'Austurbakki 2', city: 'Reykjavík', latitude: 64.15, longitude: -21.93, timeZone: 'Atlantic/Reykjavik', kind: 'office' } })).status).toBe(201);

    const { rows } = await server.pool.query<{ stream_id: string }>('SELECT stream_id FROM eventstore.events');
    const relayed = rows.filter((e) => topicFor(e.stream_id) !== undefined).length;
    let metrics = '';
    // The audit log has caught up, and the lag gauge has been refreshed since (it is read in the background).
    for (let i = 0; i < 300; i++) {
      metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
      if (sample(metrics, 'reserva_consumer_messages_processed_total{consumer="audit-log"}') === relayed && /^reserva_consumer_lag_messages\{/m.test(metrics)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sample(metrics, 'reserva_relay_events_published_total')).toBe(relayed);
    expect(sample(metrics, 'reserva_relay_restarts_total')).toBe(0);
    expect(sample(metrics, 'reserva_consumer_messages_processed_total{consumer="audit-log"}')).toBe(relayed);
    expect(sample(metrics, 'reserva_consumer_transient_failures_total{consumer="audit-log"}')).toBe(0);
    expect(sample(metrics, 'reserva_consumer_dead_lettered_total{consumer="audit-log"}')).toBe(0);
    expect(metrics).toMatch(/^reserva_consumer_lag_messages\{consumer="audit-log",topic="reserva\.catalog",partition="\d+"\} \d+$/m);
  });
});
