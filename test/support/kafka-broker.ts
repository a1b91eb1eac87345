import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, beforeEach, inject } from 'vitest';
import { kafkaPrerequisitesMissing, startKafkaBroker, type KafkaBroker } from '../../scripts/kafka/kafka-broker.js';
import type { ConsumedMessage } from '../../src/messaging/message.js';

const run = promisify(execFile);

/** A topic's messages as an independent client (Debian's kcat, librdkafka) reads them back, in offset order per partition. */
export async function readTopicWithKcat(brokers: readonly string[], topic: string): Promise<ConsumedMessage[]> {
  const { stdout } = await run('kcat', ['-C', '-b', brokers.join(','), '-t', topic, '-o', 'beginning', '-e', '-q', '-J'], { maxBuffer: 256 * 1024 * 1024 });
  const records = stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as KcatRecord);
  records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  return records.map((r) => ({
    topic: r.topic,
    partition: r.partition,
    offset: String(r.offset),
    key: r.key ?? '',
    value: Buffer.from(r.payload ?? '', 'utf8'),
    headers: Object.fromEntries(Array.from({ length: (r.headers ?? []).length / 2 }, (_, i) => [r.headers![2 * i]!, r.headers![2 * i + 1]!])),
  }));
}

interface KcatRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  payload: string | null;
  /** Names and values, alternating. */
  headers?: string[];
}

/**
 * The bootstrap addresses of the run's Kafka broker (started by the global setup). Where the
 * machine has no broker (Java or Maven missing, off CI), every test of the calling suite — the
 * file, when called at its top level — reports itself skipped with the reason, and this returns [].
 */
export function kafkaBrokersOrSkip(): string[] {
  const brokers = inject('kafkaBrokers');
  if (brokers && brokers.length > 0) return brokers;
  skipEveryTest(`Kafka broker unavailable: ${inject('kafkaUnavailable') ?? 'the global setup started none'}`);
  return [];
}

/**
 * For tests that disturb the broker (restart it): `start()` gives the calling test a broker of its
 * own, stopped after the test, so the run's shared broker and its other tests are left alone.
 * Where Java or Maven is missing the suite's tests skip as with kafkaBrokersOrSkip, and
 * `available` is false.
 */
export function ownKafkaBrokerOrSkip(): { available: boolean; start(): Promise<KafkaBroker> } {
  const missing = kafkaPrerequisitesMissing();
  if (missing) skipEveryTest(`Kafka broker unavailable: ${missing}`);
  const started: KafkaBroker[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((broker) => broker.stop()));
  });
  return {
    available: missing === undefined,
    async start() {
      const broker = await startKafkaBroker();
      started.push(broker);
      return broker;
    },
  };
}

function skipEveryTest(reason: string): void {
  beforeEach((context) => {
    if (process.env.CI === 'true') throw new Error(`${reason} (required when CI=true)`);
    context.skip(reason);
  });
}
