import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { kafkaPrerequisitesMissing, startKafkaBroker, type KafkaBroker } from '../../scripts/kafka/kafka-broker.js';
import { startEmbeddedPostgres } from '../../src/platform/embedded-postgres.js';

/**
 * One real PostgreSQL server for the whole test run; each test file creates its own
 * database on it (see test-database.ts). TEST_DATABASE_URL points at an existing server instead.
 * Next to it, one real Kafka broker (see kafka-broker.ts); KAFKA_BROKERS points at existing ones.
 */
export default async function setup(project: TestProject) {
  // Both start at once: the broker's JVM boots while PostgreSQL initialises.
  const [postgres, kafka] = await Promise.allSettled([startPostgres(project), startKafka(project)]);
  const teardowns = [postgres, kafka].flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = [postgres, kafka].find((s) => s.status === 'rejected');
  if (failed) {
    await Promise.all(teardowns.map((teardown) => teardown()));
    throw failed.reason;
  }
  return async () => {
    await Promise.all(teardowns.map((teardown) => teardown()));
  };
}

async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgAdminUrl', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reserva-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
  project.provide('pgAdminUrl', pg.adminUrl);
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

/** Off CI a machine without Java or Maven runs the rest; under CI=true no broker fails the run. */
async function startKafka(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.KAFKA_BROKERS) {
    project.provide('kafkaBrokers', process.env.KAFKA_BROKERS.split(','));
    return async () => {};
  }
  const inCi = process.env.CI === 'true';
  const missing = kafkaPrerequisitesMissing();
  if (missing && !inCi) return unavailable(project, missing);
  let broker: KafkaBroker;
  try {
    broker = await startKafkaBroker();
  } catch (error) {
    if (inCi) throw error;
    return unavailable(project, (error as Error).message);
  }
  project.provide('kafkaBrokers', broker.brokers);
  return () => broker.stop();
}

async function unavailable(project: TestProject, reason: string): Promise<() => Promise<void>> {
  console.warn(`Kafka tests will be skipped: ${reason}`);
  project.provide('kafkaUnavailable', reason.split('\n')[0]!);
  return async () => {};
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    kafkaBrokers: string[];
    /** Why there is no broker in this run (kafkaBrokers then is not provided). */
    kafkaUnavailable: string;
  }
}
