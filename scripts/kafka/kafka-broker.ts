import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import kafkajs from 'kafkajs';

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) on 127.0.0.1 for
 * development and tests. The jars come from Maven Central through Maven and are cached under
 * `.cache/kafka/<version>/libs`, so only the first run downloads.
 *
 * 4.4.0 is the newest broker served and kafkajs 2.2.4 speaks to it: Kafka 4.0 removed old
 * protocol versions (KIP-896), but every request kafkajs sends (metadata, produce v3+, fetch v4+,
 * idempotent InitProducerId, classic consumer groups, offsets, admin) is still served.
 */
export const DEFAULT_KAFKA_VERSION = '4.4.0';

export interface KafkaBroker {
  readonly version: string;
  /** Bootstrap addresses, e.g. `['127.0.0.1:40123']`. */
  readonly brokers: string[];
  /**
   * Stops the broker (controlled shutdown) and starts it again on the same data and the same
   * ports, so clients reconnect to the address they know and find every topic and offset.
   * `whileDown` runs between the two (a test waits there until clients have noticed).
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /** SIGTERM, then waits for the broker to exit (controlled shutdown) and removes its data. */
  stop(): Promise<void>;
}

export interface KafkaBrokerOptions {
  version?: string;
  /** How long to wait for the broker to answer a kafkajs admin (default 60 s). */
  startTimeoutMs?: number;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTPUT_TAIL_LINES = 60;

/** Why a broker cannot run on this machine (Java or Maven missing), or undefined when it can. */
export function kafkaPrerequisitesMissing(): string | undefined {
  const missing = ['java', 'mvn'].filter((command) => spawnSync('sh', ['-c', `command -v ${command}`]).status !== 0);
  if (missing.length === 0) return undefined;
  return `${missing.join(' and ')} not found on PATH (the Kafka broker needs Java 17+ and Maven; apt-get install openjdk-17-jre-headless maven)`;
}

/** The broker's jars for `version`, downloaded with Maven on first use. Returns the libs directory. */
export async function fetchKafkaLibs(version: string = DEFAULT_KAFKA_VERSION): Promise<string> {
  const versionDir = path.join(REPO_ROOT, '.cache', 'kafka', version);
  const libs = path.join(versionDir, 'libs');
  if (existsSync(libs)) return libs;
  await mkdir(versionDir, { recursive: true });
  // Download into a staging directory and rename: a concurrent or interrupted run never sees half a libs dir.
  const staging = await mkdtemp(path.join(versionDir, 'staging-'));
  try {
    await writeFile(path.join(staging, 'pom.xml'), brokerPom(version));
    await run('mvn', ['-q', '-B', '-f', path.join(staging, 'pom.xml'), 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${path.join(staging, 'libs')}`]);
    await rename(path.join(staging, 'libs'), libs).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(libs)) throw error; // another run finished first: its copy is as good
    });
    return libs;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** kafka_2.13 brings the server, storage, raft and metadata modules; log4j-slf4j-impl binds its logging. */
function brokerPom(version: string): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>reserva.dev</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>${version}</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.25.5</version></dependency>
  </dependencies>
</project>
`;
}

export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const version = options.version ?? DEFAULT_KAFKA_VERSION;
  const missing = kafkaPrerequisitesMissing();
  if (missing) throw new Error(`cannot start Kafka: ${missing}`);
  const libs = await fetchKafkaLibs(version);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'reserva-kafka-'));
  try {
    const [port, controllerPort] = [await freePort(), await freePort()];
    const config = path.join(dir, 'server.properties');
    await writeFile(config, serverProperties({ port, controllerPort, logDir: path.join(dir, 'data') }));
    await writeFile(path.join(dir, 'log4j2.properties'), LOG4J2_PROPERTIES);
    const java = (mainClass: string, ...args: string[]) => [
      '-Xms128m',
      '-Xmx512m',
      `-Dlog4j2.configurationFile=${path.join(dir, 'log4j2.properties')}`,
      '-cp',
      `${libs}/*`,
      mainClass,
      ...args,
    ];
    // A static voter set (controller.quorum.voters) formats the same way on 3.9 and 4.x.
    // A base64url id may start with '-', which StorageTool would read as an option: attach it to its flag.
    const clusterId = randomBytes(16).toString('base64url');
    await run('java', java('kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', config));
    const brokers = [`127.0.0.1:${port}`];
    const timeoutMs = options.startTimeoutMs ?? 60_000;
    let running = await launch(java('kafka.Kafka', config), brokers, timeoutMs).catch((error: Error) => {
      throw new Error(`Kafka ${version} did not start: ${error.message}`);
    });
    const restart = async (whileDown?: () => Promise<void>) => {
      await running.stop();
      await whileDown?.();
      try {
        running = await launch(java('kafka.Kafka', config), brokers, timeoutMs);
      } catch (error) {
        throw new Error(`Kafka ${version} did not restart: ${(error as Error).message}`);
      }
    };
    const stop = async () => {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    };
    return { version, brokers, restart, stop };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** One run of the broker process on a formatted data directory, resolved once it answers. */
async function launch(javaArgs: string[], brokers: string[], timeoutMs: number): Promise<{ stop(): Promise<void> }> {
  const child = spawn('java', javaArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tail(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGKILL'); // never leave a broker behind a crashed test run
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await Promise.race([
      untilAnswering(brokers, timeoutMs),
      exited.then((code) => Promise.reject(new Error(`the broker exited with code ${code} while starting`))),
    ]);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output().join('\n')}`);
  }
  return { stop };
}

function serverProperties({ port, controllerPort, logDir }: { port: number; controllerPort: number; logDir: string }): string {
  return `process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=1@127.0.0.1:${controllerPort}
log.dirs=${logDir}
# One node: every internal topic has one replica. One partition each so coordinators load at once.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
# Topics are created on purpose (with their partition count), never by a typo.
auto.create.topics.enable=false
num.partitions=1
num.network.threads=2
num.io.threads=2
# Small files: test brokers hold little data and live in a temporary directory.
log.segment.bytes=1048576
log.index.size.max.bytes=1048576
`;
}

const LOG4J2_PROPERTIES = `status = warn
shutdownHook = disable
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.stdout.ref = STDOUT
logger.started.name = kafka.server.KafkaRaftServer
logger.started.level = info
`;

/** Polls with a kafkajs admin (the client the project uses) until it connects and lists topics. */
async function untilAnswering(brokers: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kafka = new kafkajs.Kafka({ brokers, clientId: 'reserva-broker-probe', logLevel: kafkajs.logLevel.NOTHING, connectionTimeout: 1_000, retry: { retries: 0 } });
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms (${(error as Error).message})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await admin.disconnect();
    }
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The last lines a process printed, for error messages. */
function tail(child: ChildProcess): () => string[] {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_TAIL_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = tail(child);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with code ${code}\n${output().join('\n')}`)),
    );
  });
}
