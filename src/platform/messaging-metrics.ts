import type { ConsumerStats, RunningConsumer } from '../messaging/consumer.js';
import type { PartitionLag } from '../messaging/message-bus.js';
import type { Relay } from '../messaging/relay.js';
import type { Metric } from './metrics.js';

/** What the relay has published since start. */
export function relayMetrics(relay: Pick<Relay, 'stats'>): Metric[] {
  return [
    { name: 'reserva_relay_events_published_total', help: 'Events published and acknowledged since start.', type: 'counter', samples: () => [{ value: relay.stats().eventsPublished }] },
    { name: 'reserva_relay_restarts_total', help: 'Times the relay started over from its checkpoint after a failure.', type: 'counter', samples: () => [{ value: relay.stats().restarts }] },
  ];
}

export interface NamedConsumer {
  /** The consumer's name (its group), the `consumer` label. */
  name: string;
  consumer: Pick<RunningConsumer, 'lag' | 'stats'>;
}

/**
 * The consumers of one process as metrics, one series per consumer (a process may run several:
 * each metric name must appear once). Metrics are read synchronously when scraped, so the lag is
 * refreshed in the background every `refreshMs`; stop the returned timer on shutdown.
 */
export function consumerMetrics(consumers: readonly NamedConsumer[], refreshMs = 5_000): { metrics: Metric[]; stop(): void } {
  const lags = new Map<string, PartitionLag[]>();
  const refresh = () => {
    for (const { name, consumer } of consumers) void consumer.lag().then((lag) => lags.set(name, lag), () => undefined);
  };
  refresh();
  const timer = setInterval(refresh, refreshMs);
  timer.unref();
  const counter = (name: string, help: string, pick: (stats: ConsumerStats) => number): Metric => ({
    name,
    help,
    type: 'counter',
    samples: () => consumers.map(({ name: consumer, consumer: running }) => ({ labels: { consumer }, value: pick(running.stats()) })),
  });
  return {
    metrics: [
      {
        name: 'reserva_consumer_lag_messages',
        help: 'Messages not yet processed, per consumer and topic partition.',
        type: 'gauge',
        samples: () =>
          consumers.flatMap(({ name }) => (lags.get(name) ?? []).map((p) => ({ labels: { consumer: name, topic: p.topic, partition: String(p.partition) }, value: p.lag }))),
      },
      counter('reserva_consumer_messages_processed_total', 'Messages whose effect was applied since start.', (s) => s.processed),
      counter('reserva_consumer_duplicates_skipped_total', 'Deliveries of messages already processed (redelivery), skipped.', (s) => s.duplicatesSkipped),
      counter('reserva_consumer_dead_lettered_total', 'Messages parked on <topic>.dlq after their retries.', (s) => s.deadLettered),
      counter('reserva_consumer_failed_tries_total', 'Handler failures that count toward dead-lettering.', (s) => s.failedTries),
      counter(
        'reserva_consumer_transient_failures_total',
        'Tries that failed because the database was away or a connection was cut; retried, never dead-lettered.',
        (s) => s.transientFailures,
      ),
    ],
    stop: () => clearInterval(timer),
  };
}
