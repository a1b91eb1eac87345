import type { RunningConsumer } from '../messaging/consumer.js';
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

/**
 * Consumer lag per topic partition. Metrics are read synchronously when scraped, so the lag is
 * refreshed in the background every `refreshMs`; stop the returned timer on shutdown.
 */
export function consumerLagMetric(consumer: string, running: Pick<RunningConsumer, 'lag'>, refreshMs = 5_000): { metric: Metric; stop(): void } {
  let lag: PartitionLag[] = [];
  const refresh = () => void running.lag().then((next) => (lag = next), () => undefined);
  refresh();
  const timer = setInterval(refresh, refreshMs);
  timer.unref();
  return {
    metric: {
      name: 'reserva_consumer_lag_messages',
      help: 'Messages not yet processed, per consumer and topic partition.',
      type: 'gauge',
      samples: () => lag.map((p) => ({ labels: { consumer, topic: p.topic, partition: String(p.partition) }, value: p.lag })),
    },
    stop: () => clearInterval(timer),
  };
}
