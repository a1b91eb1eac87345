import { createECDH } from 'node:crypto';
import { z } from 'zod';
import { ACCOUNT_TYPES, type AccountType } from '../identity/domain/identity.events.js';
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
  identity: IdentityConfig;
  mail: MailConfig;
  webPush: WebPushConfig;
  /** Google Calendar sync: off (its routes answer 503) until GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are set. */
  googleCalendar: GoogleCalendarConfig;
  seedDemoData: boolean;
  logLevel: LogLevel;
  /** Express `trust proxy`: how many proxies (or which addresses) may set X-Forwarded-For, so rate limits see the client's address. */
  trustProxy: number | string | false;
  /** `host:port` list; empty means the in-process bus. */
  kafkaBrokers: string[];
  /** Partitions of each context topic when the relay creates it. */
  kafkaPartitions: number;
  /** What schema `messaging` keeps (src/messaging/messaging-retention.ts says why the window is long). */
  messagingRetention: MessagingRetentionConfig;
  readModelSchema: string;
  eventStoreSchema: string;
  projectorBatchSize: number;
  /** A booking placement untouched for this long is finished or compensated by the process manager. */
  processManagerStallSeconds: number;
  /** How often the notifications process looks for booking reminders that are due (a reminder goes out at most this late). */
  reminderIntervalSeconds: number;
  /** Place bookings in one PostgreSQL transaction when the store allows it; false runs the store-agnostic protocol (as on EventStoreDB). */
  atomicPlacement: boolean;
}

export interface IdentityConfig {
  /** `iss` and `aud` of our access tokens. */
  jwtIssuer: string;
  jwtAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Where the web client lives; emailed links point there. */
  publicUrl: string;
  registrationAccountTypes: AccountType[];
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
  /** Login attempts allowed per client address per minute. */
  loginAttemptsPerMinute: number;
}

export interface MessagingRetentionConfig {
  /** Processed-event rows are kept this long: longer than any message can come again. */
  processedEventsDays: number;
  /** In-process bus messages every consumer group has read are kept this long (less than processedEventsDays). */
  busMessagesHours: number;
}

export interface GoogleCalendarConfig {
  /** The OAuth client (Google Cloud console, type "Web application"); undefined: sync is off. */
  client: { id: string; secret: string } | undefined;
  /** The redirect URI registered with the client: GOOGLE_REDIRECT_URL, default PUBLIC_URL + /api/v1/calendar/google/callback. */
  redirectUrl: string;
  /**
   * Test and self-hosting overrides of Google's endpoints (GOOGLE_API_ROOT_URL,
   * GOOGLE_OAUTH_AUTH_URL, GOOGLE_OAUTH_TOKEN_URL, GOOGLE_OAUTH_REVOKE_URL); unset: Google's own.
   */
  endpoints: { apiRootUrl?: string; authUrl?: string; tokenUrl?: string; revokeUrl?: string };
}

export interface MailConfig {
  /** smtp(s)://user:pass@host:port; unset: an in-process mail catcher (development). */
  smtpUrl: string | undefined;
  from: string;
}

export interface WebPushConfig {
  /** VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY (base64url); unset outside production: a pair is generated once and kept in DATA_DIR. */
  vapidKeys: { publicKey: string; privateKey: string } | undefined;
  /** VAPID_SUBJECT: where push services can reach the operator; default mailto: the MAIL_FROM address. */
  subject: string;
}

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
    mail: { ...config.mail, smtpUrl: config.mail.smtpUrl && maskSecretUrl(config.mail.smtpUrl) },
    webPush: { ...config.webPush, vapidKeys: config.webPush.vapidKeys && { publicKey: config.webPush.vapidKeys.publicKey, privateKey: '***' } },
    googleCalendar: { ...config.googleCalendar, client: config.googleCalendar.client && { id: config.googleCalendar.client.id, secret: '***' } },
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

/** A VAPID key as `web-push generate-vapid-keys` prints it: base64url of exactly `bytes` bytes. */
function base64urlKey(what: string, bytes: number, check: (key: Buffer) => boolean, shown: (raw: string) => string) {
  return rule(`must be ${what}, base64url`, (raw) => {
    if (!/^[A-Za-z0-9_-]+={0,2}$/.test(raw)) return undefined;
    const key = Buffer.from(raw, 'base64url');
    return key.length === bytes && check(key) ? raw : undefined;
  }, shown);
}

/** Whether the public key is the private key's (a mismatch makes every push service refuse us). */
function vapidPair(publicKey: string, privateKey: string): boolean {
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().equals(Buffer.from(publicKey, 'base64url'));
  } catch {
    return false;
  }
}

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
  JWT_ISSUER: rule('must be a URL or name without spaces', (raw) => (/^\S{1,200}$/.test(raw) ? raw : undefined)),
  JWT_AUDIENCE: rule('must be a name without spaces', (raw) => (/^\S{1,200}$/.test(raw) ? raw : undefined)),
  ACCESS_TOKEN_TTL_SECONDS: integer(30, 86_400),
  REFRESH_TOKEN_TTL_DAYS: integer(1, 365),
  PUBLIC_URL: urlWithProtocol(['http:', 'https:']),
  REGISTRATION_ACCOUNT_TYPES: rule(`must be a comma-separated list of ${ACCOUNT_TYPES.join(', ')}`, (raw) => {
    const types = raw.split(',').map((t) => t.trim());
    return types.every((t) => (ACCOUNT_TYPES as readonly string[]).includes(t)) ? (types as AccountType[]) : undefined;
  }),
  ARGON2_MEMORY_KIB: integer(1024, 4_194_304),
  ARGON2_ITERATIONS: integer(1, 20),
  LOGIN_ATTEMPTS_PER_MINUTE: integer(1, 100_000),
  TRUST_PROXY: rule('must be a number of proxy hops (e.g. 1), a comma-separated list of proxy addresses/subnets, or false', (raw) => {
    if (/^(false|0)$/i.test(raw)) return false;
    if (/^\d{1,2}$/.test(raw)) return Number(raw);
    return /^[0-9A-Fa-f.:/, ]+$/.test(raw) || /^(loopback|linklocal|uniquelocal)(,\s*(loopback|linklocal|uniquelocal))*$/.test(raw) ? raw : undefined;
  }),
  SMTP_URL: urlWithProtocol(['smtp:', 'smtps:']),
  MAIL_FROM: rule('must be an address such as Reserva <no-reply@example.com>', (raw) => (/^[^\r\n]{3,200}$/.test(raw) && raw.includes('@') ? raw : undefined)),
  VAPID_PUBLIC_KEY: base64urlKey('an uncompressed P-256 public key (65 bytes, first 0x04)', 65, (key) => key[0] === 0x04, quote),
  // A secret: never echoed.
  VAPID_PRIVATE_KEY: base64urlKey('a P-256 private key (32 bytes)', 32, () => true, () => 'a value that is not shown'),
  VAPID_SUBJECT: rule('must be a mailto: address or an https:// URL where push services can reach you', (raw) => {
    try {
      const url = new URL(raw);
      return (url.protocol === 'mailto:' && raw.includes('@')) || (url.protocol === 'https:' && url.hostname !== '') ? raw : undefined;
    } catch {
      return undefined;
    }
  }),
  GOOGLE_CLIENT_ID: rule('must be an OAuth client id without spaces', (raw) => (/^\S{1,300}$/.test(raw) ? raw : undefined)),
  // A secret: never echoed.
  GOOGLE_CLIENT_SECRET: rule('must be an OAuth client secret without spaces', (raw) => (/^\S{1,300}$/.test(raw) ? raw : undefined), () => 'a value that is not shown'),
  GOOGLE_REDIRECT_URL: urlWithProtocol(['http:', 'https:']),
  GOOGLE_API_ROOT_URL: urlWithProtocol(['http:', 'https:']),
  GOOGLE_OAUTH_AUTH_URL: urlWithProtocol(['http:', 'https:']),
  GOOGLE_OAUTH_TOKEN_URL: urlWithProtocol(['http:', 'https:']),
  GOOGLE_OAUTH_REVOKE_URL: urlWithProtocol(['http:', 'https:']),
  SEED_DEMO_DATA: boolean,
  LOG_LEVEL: oneOf(LOG_LEVELS),
  KAFKA_BROKERS: kafkaBrokers,
  KAFKA_PARTITIONS: integer(1, 1000),
  MESSAGING_RETENTION_DAYS: integer(1, 3650),
  MESSAGING_BUS_RETENTION_HOURS: integer(1, 87_600),
  READ_MODEL_SCHEMA: sqlIdentifier,
  EVENT_STORE_SCHEMA: sqlIdentifier,
  PROJECTOR_BATCH_SIZE: integer(1, 100_000),
  PROCESS_MANAGER_STALL_SECONDS: integer(1, 86_400),
  REMINDER_INTERVAL_SECONDS: integer(1, 3600),
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
  if (production && vars.SEED_DEMO_DATA === true) {
    problems.push({ variable: 'SEED_DEMO_DATA', message: 'is refused when NODE_ENV=production: the demo accounts share a published password' });
  }
  if (production && vars.SMTP_URL === undefined) {
    problems.push({ variable: 'SMTP_URL', message: 'is required when NODE_ENV=production (verification and password reset emails go through it)' });
  }
  const readModelSchema = vars.READ_MODEL_SCHEMA ?? 'rm';
  const eventStoreSchema = vars.EVENT_STORE_SCHEMA ?? 'eventstore';
  // Absent, not merely invalid: an invalid value is reported by its own rule.
  const given = (variable: string) => (env[variable]?.trim() ?? '') !== '';
  if (production) {
    for (const variable of ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'] as const) {
      if (!given(variable)) problems.push({ variable, message: 'is required when NODE_ENV=production (Web Push is signed with it; `npx web-push generate-vapid-keys` makes a key pair)' });
    }
  } else if (given('VAPID_PUBLIC_KEY') !== given('VAPID_PRIVATE_KEY')) {
    const missing = given('VAPID_PUBLIC_KEY') ? 'VAPID_PRIVATE_KEY' : 'VAPID_PUBLIC_KEY';
    problems.push({ variable: missing, message: 'is required with the other of VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (set both, or neither to have a pair generated in DATA_DIR)' });
  }
  if (vars.VAPID_PUBLIC_KEY !== undefined && vars.VAPID_PRIVATE_KEY !== undefined && !vapidPair(vars.VAPID_PUBLIC_KEY, vars.VAPID_PRIVATE_KEY)) {
    problems.push({ variable: 'VAPID_PUBLIC_KEY', message: 'is not the public key of VAPID_PRIVATE_KEY' });
  }
  if (readModelSchema === eventStoreSchema) {
    problems.push({ variable: 'READ_MODEL_SCHEMA', message: `must differ from EVENT_STORE_SCHEMA (rebuilds replace read-model schemas), got '${readModelSchema}' for both` });
  }
  const messagingRetention = { processedEventsDays: vars.MESSAGING_RETENTION_DAYS ?? 7, busMessagesHours: vars.MESSAGING_BUS_RETENTION_HOURS ?? 24 };
  if (messagingRetention.busMessagesHours >= messagingRetention.processedEventsDays * 24) {
    problems.push({
      variable: 'MESSAGING_BUS_RETENTION_HOURS',
      message: `must be less than MESSAGING_RETENTION_DAYS in hours (${messagingRetention.processedEventsDays * 24}): a message still on the bus may come again, and must still be known as processed, got ${messagingRetention.busMessagesHours}`,
    });
  }
  if ((vars.GOOGLE_CLIENT_ID === undefined) !== (vars.GOOGLE_CLIENT_SECRET === undefined)) {
    const missing = vars.GOOGLE_CLIENT_ID === undefined ? 'GOOGLE_CLIENT_ID' : 'GOOGLE_CLIENT_SECRET';
    problems.push({ variable: missing, message: 'is required with the other of GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (set both to turn Google Calendar sync on)' });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const mailFrom = vars.MAIL_FROM ?? 'Reserva <no-reply@reserva.local>';
  const publicUrl = (vars.PUBLIC_URL ?? `http://localhost:${vars.PORT ?? 3000}`).replace(/\/+$/, '');

  return {
    nodeEnv,
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '127.0.0.1',
    dataDir: vars.DATA_DIR ?? './.data',
    databaseUrl: vars.DATABASE_URL,
    embedded,
    eventStoreDbConnectionString: vars.EVENTSTOREDB_CONNECTION_STRING,
    identity: {
      jwtIssuer: vars.JWT_ISSUER ?? 'reserva',
      jwtAudience: vars.JWT_AUDIENCE ?? 'reserva-api',
      accessTokenTtlSeconds: vars.ACCESS_TOKEN_TTL_SECONDS ?? 600,
      refreshTokenTtlSeconds: (vars.REFRESH_TOKEN_TTL_DAYS ?? 30) * 86_400,
      publicUrl,
      registrationAccountTypes: vars.REGISTRATION_ACCOUNT_TYPES ?? [...ACCOUNT_TYPES],
      // OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
      argon2: { memoryCost: vars.ARGON2_MEMORY_KIB ?? 19_456, timeCost: vars.ARGON2_ITERATIONS ?? 2, parallelism: 1 },
      loginAttemptsPerMinute: vars.LOGIN_ATTEMPTS_PER_MINUTE ?? 30,
    },
    mail: { smtpUrl: vars.SMTP_URL, from: mailFrom },
    webPush: {
      vapidKeys: vars.VAPID_PUBLIC_KEY && vars.VAPID_PRIVATE_KEY ? { publicKey: vars.VAPID_PUBLIC_KEY, privateKey: vars.VAPID_PRIVATE_KEY } : undefined,
      subject: vars.VAPID_SUBJECT ?? `mailto:${/<([^<>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim()}`,
    },
    googleCalendar: {
      client: vars.GOOGLE_CLIENT_ID && vars.GOOGLE_CLIENT_SECRET ? { id: vars.GOOGLE_CLIENT_ID, secret: vars.GOOGLE_CLIENT_SECRET } : undefined,
      redirectUrl: vars.GOOGLE_REDIRECT_URL ?? `${publicUrl}/api/v1/calendar/google/callback`,
      endpoints: {
        ...(vars.GOOGLE_API_ROOT_URL ? { apiRootUrl: vars.GOOGLE_API_ROOT_URL } : {}),
        ...(vars.GOOGLE_OAUTH_AUTH_URL ? { authUrl: vars.GOOGLE_OAUTH_AUTH_URL } : {}),
        ...(vars.GOOGLE_OAUTH_TOKEN_URL ? { tokenUrl: vars.GOOGLE_OAUTH_TOKEN_URL } : {}),
        ...(vars.GOOGLE_OAUTH_REVOKE_URL ? { revokeUrl: vars.GOOGLE_OAUTH_REVOKE_URL } : {}),
      },
    },
    seedDemoData: vars.SEED_DEMO_DATA ?? (embedded && !production),
    logLevel: vars.LOG_LEVEL ?? 'info',
    trustProxy: vars.TRUST_PROXY ?? false,
    kafkaBrokers: vars.KAFKA_BROKERS ?? [],
    kafkaPartitions: vars.KAFKA_PARTITIONS ?? 6,
    messagingRetention,
    readModelSchema,
    eventStoreSchema,
    projectorBatchSize: vars.PROJECTOR_BATCH_SIZE ?? 500,
    processManagerStallSeconds: vars.PROCESS_MANAGER_STALL_SECONDS ?? 10,
    reminderIntervalSeconds: vars.REMINDER_INTERVAL_SECONDS ?? 30,
    atomicPlacement: vars.ATOMIC_PLACEMENT ?? true,
  };
}
