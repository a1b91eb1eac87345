import { z } from 'zod';
import { LOG_LEVELS, type LogLevel, maskUrlPasswords } from './logger.js';

/**
 * Runtime configuration, read once at start from environment variables. Every bad variable
 * is reported at once (ConfigError) so an operator fixes them in one go.
 */
export interface Config {
  nodeEnv: string;
  port: number;
  host: string;
  /** Folder for embedded data; embedded PostgreSQL keeps its cluster in `<dataDir>/postgres`. */
  dataDir: string;
  /** External PostgreSQL; when absent the embedded server in `dataDir` is used. */
  databaseUrl: string | undefined;
  /** True when no DATABASE_URL is set: `npm start` runs its own PostgreSQL. */
  embedded: boolean;
  /** When set, the EventStoreDB adapter is the event store; otherwise the PostgreSQL one. */
  eventStoreDbConnectionString: string | undefined;
  /** `dev-header`: acting user from X-Dev-User / X-Dev-Roles (development only); `none`: every request is unauthenticated. */
  authMode: AuthMode;
  seedDemoData: boolean;
  logLevel: LogLevel;
  /** `host:port` list; empty means the in-process bus. */
  kafkaBrokers: string[];
  readModelSchema: string;
  eventStoreSchema: string;
  projectorBatchSize: number;
  /** A booking placement untouched for this long is finished or compensated by the process manager. */
  processManagerStallSeconds: number;
  /** Place bookings in one PostgreSQL transaction when the store allows it; false runs the store-agnostic protocol (as on EventStoreDB). */
  atomicPlacement: boolean;
}

export const AUTH_MODES = ['dev-header', 'none'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export interface ConfigProblem {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The value as typed with its URL password replaced by `***`, or undefined when it is not a URL with a host. */
function maskedUrl(value: string): string | undefined {
  try {
    if (new URL(value).host === '') return undefined;
    const masked = maskUrlPasswords(value);
    const password = new URL(masked).password;
    return password === '' || password === '***' ? masked : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the password of a URL-shaped value with `***`; a value that is not a URL is hidden entirely. */
export function maskSecretUrl(value: string): string {
  return maskedUrl(value) ?? '(hidden)';
}

/** The configuration as it is safe to log: connection strings with passwords masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl && maskSecretUrl(config.databaseUrl),
    eventStoreDbConnectionString: config.eventStoreDbConnectionString && maskSecretUrl(config.eventStoreDbConnectionString),
  };
}

const quote = (raw: string) => `'${raw}'`;

/** A rule parses one raw (non-empty, trimmed) value; its message says what is expected and what arrived. */
function rule<T>(expected: string, parse: (raw: string) => T | undefined, shown: (raw: string) => string = quote) {
  return z.string().transform((raw, ctx) => {
    const value = parse(raw);
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', message: `${expected}, got ${shown(raw)}` });
      return z.NEVER;
    }
    return value;
  });
}

function integer(min: number, max: number) {
  return rule(`must be an integer ${min}–${max}`, (raw) => {
    if (!/^\d+$/.test(raw)) return undefined;
    const n = Number(raw);
    return n >= min && n <= max ? n : undefined;
  });
}

const BOOLEANS: Record<string, boolean> = { true: true, '1': true, yes: true, on: true, false: false, '0': false, no: false, off: false };
const boolean = rule('must be true or false (also 1/0, yes/no, on/off)', (raw) => BOOLEANS[raw.toLowerCase()]);

function oneOf<const T extends readonly string[]>(values: T) {
  return rule(`must be one of ${values.join(', ')}`, (raw) => (values as readonly string[]).includes(raw) ? (raw as T[number]) : undefined);
}

const sqlIdentifier = rule('must be a lower-case SQL identifier (a-z, 0-9, _; at most 63 characters, not starting with a digit)', (raw) =>
  /^[a-z_][a-z0-9_]{0,62}$/.test(raw) ? raw : undefined,
);

function urlWithProtocol(protocols: string[]) {
  return rule(
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    (raw) => {
      try {
        return protocols.includes(new URL(raw).protocol) ? raw : undefined;
      } catch {
        return undefined;
      }
    },
    // Never echo a connection string as typed: it may carry a password.
    (raw) => {
      const masked = maskedUrl(raw);
      return masked === undefined ? 'a value that is not a URL (not shown)' : quote(masked);
    },
  );
}

const hostPort = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/;
const kafkaBrokers = rule('must be a comma-separated list of host:port (port 1–65535)', (raw) => {
  const brokers = raw.split(',').map((b) => b.trim());
  const valid = brokers.every((b) => {
    const port = hostPort.exec(b)?.[1];
    return port !== undefined && Number(port) >= 1 && Number(port) <= 65535;
  });
  return valid ? brokers : undefined;
});

const host = rule('must be a host name or IP address to listen on, e.g. 127.0.0.1 or 0.0.0.0', (raw) =>
  /^[A-Za-z0-9.:-]+$/.test(raw) ? raw : undefined,
);

const dataDir = rule('must be a folder path', (raw) => (raw.includes('\0') ? undefined : raw));

/** One schema per variable; each is parsed on its own so every bad one is reported. */
const VARIABLES = {
  PORT: integer(1, 65535),
  HOST: host,
  DATA_DIR: dataDir,
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']),
  EVENTSTOREDB_CONNECTION_STRING: urlWithProtocol(['esdb:', 'esdb+discover:']),
  AUTH_MODE: oneOf(AUTH_MODES),
  SEED_DEMO_DATA: boolean,
  LOG_LEVEL: oneOf(LOG_LEVELS),
  KAFKA_BROKERS: kafkaBrokers,
  READ_MODEL_SCHEMA: sqlIdentifier,
  EVENT_STORE_SCHEMA: sqlIdentifier,
  PROJECTOR_BATCH_SIZE: integer(1, 100_000),
  PROCESS_MANAGER_STALL_SECONDS: integer(1, 86_400),
  ATOMIC_PLACEMENT: boolean,
};
type Variables = { [K in keyof typeof VARIABLES]: z.output<(typeof VARIABLES)[K]> | undefined };

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: ConfigProblem[] = [];
  const v = {} as Record<string, unknown>;
  for (const [name, schema] of Object.entries(VARIABLES)) {
    // An empty variable (`PORT=`) counts as unset, as shells and compose files commonly produce it.
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    const parsed = schema.safeParse(raw);
    if (parsed.success) v[name] = parsed.data;
    else problems.push(...parsed.error.issues.map((i) => ({ variable: name, message: i.message })));
  }
  const vars = v as Variables;

  const nodeEnv = env.NODE_ENV?.trim() || 'development';
  const production = nodeEnv === 'production';
  const embedded = vars.DATABASE_URL === undefined;
  const authMode = vars.AUTH_MODE ?? (production ? 'none' : 'dev-header');
  if (production && authMode === 'dev-header') {
    problems.push({ variable: 'AUTH_MODE', message: "'dev-header' trusts a request header for identity and is refused when NODE_ENV=production; use 'none'" });
  }
  const readModelSchema = vars.READ_MODEL_SCHEMA ?? 'rm';
  const eventStoreSchema = vars.EVENT_STORE_SCHEMA ?? 'eventstore';
  if (readModelSchema === eventStoreSchema) {
    problems.push({ variable: 'READ_MODEL_SCHEMA', message: `must differ from EVENT_STORE_SCHEMA (rebuilds replace read-model schemas), got '${readModelSchema}' for both` });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv,
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '127.0.0.1',
    dataDir: vars.DATA_DIR ?? './.data',
    databaseUrl: vars.DATABASE_URL,
    embedded,
    eventStoreDbConnectionString: vars.EVENTSTOREDB_CONNECTION_STRING,
    authMode,
    seedDemoData: vars.SEED_DEMO_DATA ?? embedded,
    logLevel: vars.LOG_LEVEL ?? 'info',
    kafkaBrokers: vars.KAFKA_BROKERS ?? [],
    readModelSchema,
    eventStoreSchema,
    projectorBatchSize: vars.PROJECTOR_BATCH_SIZE ?? 500,
    processManagerStallSeconds: vars.PROCESS_MANAGER_STALL_SECONDS ?? 10,
    atomicPlacement: vars.ATOMIC_PLACEMENT ?? true,
  };
}
