import { DEFAULT_KAFKA_VERSION, fetchKafkaLibs, startKafkaBroker } from './kafka-broker.js';

/**
 * `npm run kafka` — a development broker on 127.0.0.1 until Ctrl-C.
 * `npm run kafka -- fetch` only downloads the jars (e.g. to warm a cache).
 * `--kafka-version=X.Y.Z` picks another broker version.
 */
const args = process.argv.slice(2);
const command = args.find((a) => !a.startsWith('--')) ?? 'start';
const version = args.find((a) => a.startsWith('--kafka-version='))?.split('=')[1] ?? DEFAULT_KAFKA_VERSION;

if (command === 'fetch') {
  console.log(`Kafka ${version} jars in ${await fetchKafkaLibs(version)}`);
} else if (command === 'start') {
  const started = Date.now();
  const broker = await startKafkaBroker({ version });
  console.log(`Kafka ${broker.version} (KRaft, single node) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`KAFKA_BROKERS=${broker.brokers.join(',')}`);
  console.log('Ctrl-C stops it (its data is temporary).');
  const stop = async () => {
    await broker.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  console.error(`unknown command ${command}: use start or fetch`);
  process.exit(2);
}
