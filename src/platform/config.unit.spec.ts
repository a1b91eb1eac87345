import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, maskSecretUrl } from './config.js';

/** A VAPID key pair (`web-push generate-vapid-keys`), and the other pair's public key. */
const VAPID = { publicKey: 'BAxWR-fQ4aorH9Y015--7S982Zfd6TT5HfkehqZYzjMBRe0KF8z_3gPwh59PKJpWT_Zi68yo9xEsTiLDrCia9Ao', privateKey: '5DzXezlBcy9Qaas1Are7A6AxM2KxvOYe3ZCYGVZTVkw' };
const OTHER_VAPID_PUBLIC_KEY = 'BJ9r6OkDmx7ltYuqNYSqmLDZfzyX_VfDu6qgeHA0qTi6pyeIiNtWyZLf5-PkTQhhjyAsAJmbw3n79bN1YNNHcHM';
const PRODUCTION_WEB_PUSH = { VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey, VAPID_SUBJECT: 'mailto:ops@example.com' };

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives embedded defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      port: 3000,
      host: '127.0.0.1',
      dataDir: './.data',
      databaseUrl: undefined,
      embedded: true,
      eventStoreDbConnectionString: undefined,
      identity: {
        jwtIssuer: 'reserva',
        jwtAudience: 'reserva-api',
        accessTokenTtlSeconds: 600,
        refreshTokenTtlSeconds: 30 * 86_400,
        publicUrl: 'http://localhost:3000',
        registrationAccountTypes: ['employee', 'client', 'guest', 'hotelier'],
        argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
        loginAttemptsPerMinute: 30,
      },
      mail: { smtpUrl: undefined, from: 'Reserva <no-reply@reserva.local>' },
      webPush: { vapidKeys: undefined, subject: 'mailto:no-reply@reserva.local' },
      googleCalendar: { client: undefined, redirectUrl: 'http://localhost:3000/api/v1/calendar/google/callback', endpoints: {} },
      seedDemoData: true,
      logLevel: 'info',
      trustProxy: false,
      kafkaBrokers: [],
      kafkaPartitions: 6,
      messagingRetention: { processedEventsDays: 7, busMessagesHours: 24 },
      readModelSchema: 'rm',
      eventStoreSchema: 'eventstore',
      projectorBatchSize: 500,
      processManagerStallSeconds: 10,
      reminderIntervalSeconds: 30,
      atomicPlacement: true,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/reserva',
      DATABASE_URL: 'postgres://reserva:pw@db:5432/reserva',
      EVENTSTOREDB_CONNECTION_STRING: 'esdb://eventstoredb:2113?tls=false',
      JWT_ISSUER: 'https://reserva.example.com',
      JWT_AUDIENCE: 'reserva',
      ACCESS_TOKEN_TTL_SECONDS: '300',
      REFRESH_TOKEN_TTL_DAYS: '7',
      PUBLIC_URL: 'https://reserva.example.com/',
      REGISTRATION_ACCOUNT_TYPES: 'client, guest',
      ARGON2_MEMORY_KIB: '65536',
      ARGON2_ITERATIONS: '3',
      LOGIN_ATTEMPTS_PER_MINUTE: '10',
      SMTP_URL: 'smtp://mailer:s3cret@smtp.example.com:587',
      MAIL_FROM: 'Reserva <bookings@example.com>',
      ...PRODUCTION_WEB_PUSH,
      GOOGLE_CLIENT_ID: '1234-abc.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'GOCSPX-s3cret',
      GOOGLE_API_ROOT_URL: 'http://127.0.0.1:9000/',
      GOOGLE_OAUTH_AUTH_URL: 'http://127.0.0.1:9000/auth',
      GOOGLE_OAUTH_TOKEN_URL: 'http://127.0.0.1:9000/token',
      GOOGLE_OAUTH_REVOKE_URL: 'http://127.0.0.1:9000/revoke',
      SEED_DEMO_DATA: 'no',
      TRUST_PROXY: '1',
      LOG_LEVEL: 'debug',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      MESSAGING_RETENTION_DAYS: '14',
      MESSAGING_BUS_RETENTION_HOURS: '48',
      READ_MODEL_SCHEMA: 'rm_v2',
      EVENT_STORE_SCHEMA: 'es',
      PROJECTOR_BATCH_SIZE: '1000',
      PROCESS_MANAGER_STALL_SECONDS: '30',
      REMINDER_INTERVAL_SECONDS: '5',
      ATOMIC_PLACEMENT: 'false',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/reserva',
      databaseUrl: 'postgres://reserva:pw@db:5432/reserva',
      embedded: false,
      eventStoreDbConnectionString: 'esdb://eventstoredb:2113?tls=false',
      identity: {
        jwtIssuer: 'https://reserva.example.com',
        jwtAudience: 'reserva',
        accessTokenTtlSeconds: 300,
        refreshTokenTtlSeconds: 7 * 86_400,
        publicUrl: 'https://reserva.example.com',
        registrationAccountTypes: ['client', 'guest'],
        argon2: { memoryCost: 65_536, timeCost: 3, parallelism: 1 },
        loginAttemptsPerMinute: 10,
      },
      mail: { smtpUrl: 'smtp://mailer:s3cret@smtp.example.com:587', from: 'Reserva <bookings@example.com>' },
      webPush: { vapidKeys: VAPID, subject: 'mailto:ops@example.com' },
      googleCalendar: {
        client: { id: '1234-abc.apps.googleusercontent.com', secret: 'GOCSPX-s3cret' },
        redirectUrl: 'https://reserva.example.com/api/v1/calendar/google/callback',
        endpoints: { apiRootUrl: 'http://127.0.0.1:9000/', authUrl: 'http://127.0.0.1:9000/auth', tokenUrl: 'http://127.0.0.1:9000/token', revokeUrl: 'http://127.0.0.1:9000/revoke' },
      },
      seedDemoData: false,
      logLevel: 'debug',
      trustProxy: 1,
      kafkaBrokers: ['kafka-1:9092', 'kafka-2:9092'],
      kafkaPartitions: 6,
      messagingRetention: { processedEventsDays: 14, busMessagesHours: 48 },
      readModelSchema: 'rm_v2',
      eventStoreSchema: 'es',
      projectorBatchSize: 1000,
      processManagerStallSeconds: 30,
      reminderIntervalSeconds: 5,
      atomicPlacement: false,
    });
  });

  it('does not seed demo data into an external database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/reserva' }).seedDemoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/reserva', SEED_DEMO_DATA: 'true' }).seedDemoData).toBe(true);
    expect(loadConfig({ SEED_DEMO_DATA: '0' }).seedDemoData).toBe(false);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '  ' }).port).toBe(3000);
  });

  it('never seeds the demo accounts (published password) in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', ...PRODUCTION_WEB_PUSH }).seedDemoData).toBe(false);
    expect(problemsOf({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25', ...PRODUCTION_WEB_PUSH, SEED_DEMO_DATA: 'true' })).toContain('SEED_DEMO_DATA: is refused when NODE_ENV=production');
  });

  it('reads which proxies to trust for client addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.0.1' }).trustProxy).toBe('10.0.0.0/8, 192.168.0.1');
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(problemsOf({ TRUST_PROXY: 'everyone' })).toContain('TRUST_PROXY: must be a number of proxy hops');
  });

  it('needs a real mail server in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toContain('SMTP_URL: is required when NODE_ENV=production');
  });

  it('never shows the SMTP password when describing the configuration', () => {
    const described = JSON.stringify(describeConfig(loadConfig({ SMTP_URL: 'smtp://mailer:s3cret@smtp.example.com:587' })));
    expect(described).not.toContain('s3cret');
    expect(described).toContain('smtp://mailer:***@smtp.example.com:587');
  });

  it('lists every bad variable with what is wrong and what is expected', () => {
    const message = problemsOf({
      PORT: 'abc',
      HOST: 'not a host!',
      DATABASE_URL: 'mysql://root:hunter2@db/reserva',
      EVENTSTOREDB_CONNECTION_STRING: 'http://es:2113',
      REGISTRATION_ACCOUNT_TYPES: 'client,admin',
      SMTP_URL: 'http://mail',
      SEED_DEMO_DATA: 'maybe',
      LOG_LEVEL: 'loud',
      KAFKA_BROKERS: 'kafka:9092,kafka',
      READ_MODEL_SCHEMA: 'Read-Models',
      EVENT_STORE_SCHEMA: '1events',
      PROJECTOR_BATCH_SIZE: '0',
      PROCESS_MANAGER_STALL_SECONDS: '2.5',
    });
    expect(message).toContain("PORT: must be an integer 1–65535, got 'abc'");
    expect(message).toContain("HOST: must be a host name or IP address");
    expect(message).toContain("DATABASE_URL: must be a URL starting with postgres:// or postgresql://, got 'mysql://root:***@db/reserva'");
    expect(message).toContain("EVENTSTOREDB_CONNECTION_STRING: must be a URL starting with esdb:// or esdb+discover://, got 'http://es:2113'");
    expect(message).toContain('REGISTRATION_ACCOUNT_TYPES: must be a comma-separated list of employee, client, guest, hotelier');
    expect(message).toContain("SMTP_URL: must be a URL starting with smtp:// or smtps://, got 'http://mail'");
    expect(message).toContain("SEED_DEMO_DATA: must be true or false");
    expect(message).toContain("LOG_LEVEL: must be one of debug, info, warn, error, silent, got 'loud'");
    expect(message).toContain("KAFKA_BROKERS: must be a comma-separated list of host:port (port 1–65535), got 'kafka:9092,kafka'");
    expect(message).toContain("READ_MODEL_SCHEMA: must be a lower-case SQL identifier");
    expect(message).toContain("EVENT_STORE_SCHEMA: must be a lower-case SQL identifier");
    expect(message).toContain("PROJECTOR_BATCH_SIZE: must be an integer 1–100000, got '0'");
    expect(message).toContain("PROCESS_MANAGER_STALL_SECONDS: must be an integer 1–86400, got '2.5'");
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(13);
  });

  it('never prints a password from a connection string', () => {
    const message = problemsOf({ DATABASE_URL: 'postgres//reserva:hunter2@db/reserva', EVENTSTOREDB_CONNECTION_STRING: 'tcp://admin:changeit@es:1113' });
    expect(message).toContain('DATABASE_URL: must be a URL starting with postgres:// or postgresql://, got a value that is not a URL (not shown)');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('changeit');
  });

  it('keeps processed events longer than consumed bus messages', () => {
    expect(loadConfig({ MESSAGING_RETENTION_DAYS: '2', MESSAGING_BUS_RETENTION_HOURS: '47' }).messagingRetention).toEqual({ processedEventsDays: 2, busMessagesHours: 47 });
    expect(problemsOf({ MESSAGING_RETENTION_DAYS: '1' })).toContain('MESSAGING_BUS_RETENTION_HOURS: must be less than MESSAGING_RETENTION_DAYS in hours (24)');
    expect(problemsOf({ MESSAGING_RETENTION_DAYS: '0' })).toContain('MESSAGING_RETENTION_DAYS: must be an integer 1–3650');
  });

  it('turns Google Calendar sync on with both halves of the OAuth client, and never shows the secret', () => {
    const config = loadConfig({ GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 'GOCSPX-hush', GOOGLE_REDIRECT_URL: 'https://cal.example.com/cb' });
    expect(config.googleCalendar).toEqual({ client: { id: 'id.apps.googleusercontent.com', secret: 'GOCSPX-hush' }, redirectUrl: 'https://cal.example.com/cb', endpoints: {} });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('GOCSPX-hush');
    expect(described).toContain('id.apps.googleusercontent.com');
    expect(problemsOf({ GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com' })).toContain('GOOGLE_CLIENT_SECRET: is required with the other of GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET');
    expect(problemsOf({ GOOGLE_CLIENT_SECRET: 'GOCSPX-hush' })).toContain('GOOGLE_CLIENT_ID: is required with the other');
    const bad = problemsOf({ GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'GOCSPX hush', GOOGLE_OAUTH_TOKEN_URL: 'ftp://tokens' });
    expect(bad).toContain('GOOGLE_CLIENT_SECRET: must be an OAuth client secret without spaces, got a value that is not shown');
    expect(bad).toContain("GOOGLE_OAUTH_TOKEN_URL: must be a URL starting with http:// or https://, got 'ftp://tokens'");
    expect(bad).not.toContain('hush');
  });

  it('takes a VAPID key pair for Web Push (required in production), checks it is a pair, and never shows the private key', () => {
    const config = loadConfig({ VAPID_PUBLIC_KEY: VAPID.publicKey, VAPID_PRIVATE_KEY: VAPID.privateKey, MAIL_FROM: 'bookings@example.com' });
    expect(config.webPush).toEqual({ vapidKeys: VAPID, subject: 'mailto:bookings@example.com' });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain(VAPID.privateKey);
    expect(described).toContain(VAPID.publicKey);

    const production = problemsOf({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail:25' });
    for (const variable of ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT']) expect(production).toContain(`${variable}: is required when NODE_ENV=production`);
    expect(problemsOf({ VAPID_PUBLIC_KEY: VAPID.publicKey })).toContain('VAPID_PRIVATE_KEY: is required with the other of VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY');
    expect(problemsOf({ VAPID_PUBLIC_KEY: OTHER_VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: VAPID.privateKey })).toContain('VAPID_PUBLIC_KEY: is not the public key of VAPID_PRIVATE_KEY');

    const bad = problemsOf({ VAPID_PUBLIC_KEY: 'c2hvcnQ', VAPID_PRIVATE_KEY: `${VAPID.privateKey}AAAA`, VAPID_SUBJECT: 'http://example.com' });
    expect(bad).toContain("VAPID_PUBLIC_KEY: must be an uncompressed P-256 public key (65 bytes, first 0x04), base64url, got 'c2hvcnQ'");
    expect(bad).toContain('VAPID_PRIVATE_KEY: must be a P-256 private key (32 bytes), base64url, got a value that is not shown');
    expect(bad).toContain('VAPID_SUBJECT: must be a mailto: address or an https:// URL');
    expect(bad).not.toContain(VAPID.privateKey);
  });

  it('rejects read models and event store sharing a schema', () => {
    expect(problemsOf({ READ_MODEL_SCHEMA: 'data', EVENT_STORE_SCHEMA: 'data' })).toContain('READ_MODEL_SCHEMA: must differ from EVENT_STORE_SCHEMA');
  });
});

describe('masking', () => {
  it('masks passwords in URLs and hides values that are not URLs', () => {
    expect(maskSecretUrl('postgres://reserva:s3cret@db:5432/reserva')).toBe('postgres://reserva:***@db:5432/reserva');
    expect(maskSecretUrl('esdb://admin:changeit@es:2113?tls=true')).toBe('esdb://admin:***@es:2113?tls=true');
    expect(maskSecretUrl('postgres://db/reserva')).toBe('postgres://db/reserva');
    expect(maskSecretUrl('user:pw@host')).not.toContain('pw@');
  });

  it('describes a config without its secrets', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://reserva:s3cret@db/reserva', EVENTSTOREDB_CONNECTION_STRING: 'esdb://admin:changeit@es:2113' });
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain('s3cret');
    expect(described).not.toContain('changeit');
    expect(described).toContain('postgres://reserva:***@db/reserva');
  });
});
