import { beforeEach, inject } from 'vitest';

/**
 * The bootstrap addresses of the run's Kafka broker (started by the global setup). Where the
 * machine has no broker (Java or Maven missing, off CI), every test of the calling suite — the
 * file, when called at its top level — reports itself skipped with the reason, and this returns [].
 */
export function kafkaBrokersOrSkip(): string[] {
  const brokers = inject('kafkaBrokers');
  if (brokers && brokers.length > 0) return brokers;
  const reason = `Kafka broker unavailable: ${inject('kafkaUnavailable') ?? 'the global setup started none'}`;
  beforeEach((context) => {
    if (process.env.CI === 'true') throw new Error(`${reason} (required when CI=true)`);
    context.skip(reason);
  });
  return [];
}
