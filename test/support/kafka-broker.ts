import { afterEach, beforeEach, inject } from 'vitest';
import { kafkaPrerequisitesMissing, startKafkaBroker, type KafkaBroker } from '../../scripts/kafka/kafka-broker.js';

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
