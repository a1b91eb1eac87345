import type { Container } from 'inversify';
import type pg from 'pg';
import { migrateReadModels } from '../../read-models/migrate.js';
import { ensureAnalyticsSchema } from '../analytics/infrastructure/analytics-schema.js';
import { ensureBusySignals } from '../scheduling/infrastructure/busy-signals.js';
import { ensureIdempotencySchema } from '../http/idempotency/postgres-idempotency-store.js';
import { ensureIdentitySchema } from '../identity/infrastructure/postgres/identity-schema.js';
import { startMailCatcher } from '../shared/mail/mail-catcher.js';
import { ensureAuditSchema } from '../audit/infrastructure/audit-schema.js';
import { ensureMessagingSchema } from '../messaging/messaging-schema.js';
import { ensureEventStoreSchema } from '../shared/event-store/postgres/event-store-schema.js';
import { ConfigError, describeConfig, loadConfig, type Config } from './config.js';
import { buildContainer, SERVICES } from './container.js';
import { openDatabase } from './database.js';
import { join } from 'node:path';
import { createJsonLogger } from './logger.js';
import type { Logger } from './tokens.js';

export interface Runtime {
  config: Config;
  log: Logger;
  container: Container;
  /** Registers a clean-up step; they run in reverse order on shutdown. */
  onShutdown(step: () => Promise<unknown>): void;
  shutdown(): Promise<void>;
}

/**
 * What every entry point does first: validated configuration (a bad value stops the process
 * with a message per variable), the database, schemas, and the container.
 */
export interface BootstrapOptions {
  /** The process sends email (the API): without SMTP_URL it gets an in-process mail catcher. */
  sendsMail?: boolean;
}

export async function bootstrap(service: string, env: NodeJS.ProcessEnv = process.env, options: BootstrapOptions = {}): Promise<Runtime> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = createJsonLogger({ level: config.logLevel, base: { service } });
  log.info('starting', { config: describeConfig(config) });
  const steps: (() => Promise<unknown>)[] = [];
  const database = await openDatabase(config, log);
  steps.push(() => database.stop());
  let smtpUrl = config.mail.smtpUrl;
  if (!smtpUrl && options.sendsMail) {
    // Development: mail stays on this machine, one .eml file per message under DATA_DIR/mail.
    const dir = join(config.dataDir, 'mail');
    const catcher = await startMailCatcher({ dir, log });
    steps.push(() => catcher.close());
    smtpUrl = catcher.url;
    log.info('no SMTP_URL: emails are caught locally', { smtp: catcher.url, folder: dir });
  }
  const container = buildContainer(config, { databaseUrl: database.url, log, ...(smtpUrl ? { smtpUrl } : {}) });
  const pool = container.get<pg.Pool>(SERVICES.ReadPool);
  steps.push(() => pool.end());
  if (!config.eventStoreDbConnectionString) await ensureEventStoreSchema(pool, config.eventStoreSchema);
  await migrateReadModels(pool, config.readModelSchema);
  await ensureAnalyticsSchema(pool, config.readModelSchema);
  await ensureBusySignals(pool, config.readModelSchema);
  await ensureIdempotencySchema(pool);
  await ensureIdentitySchema(pool);
  await ensureMessagingSchema(pool);
  await ensureAuditSchema(pool);
  let stopping: Promise<void> | undefined;
  const runtime: Runtime = {
    config,
    log,
    container,
    onShutdown: (step) => steps.push(step),
    shutdown: () =>
      (stopping ??= (async () => {
        for (const step of steps.reverse()) {
          await step().catch((error) => log.error('shutdown step failed', { error: String(error) }));
        }
      })()),
  };
  const onSignal = (signal: NodeJS.Signals) => {
    log.info('shutting down', { signal });
    void runtime.shutdown().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, onSignal);
  // A runtime shut down in-process (tests) leaves no listeners behind.
  steps.unshift(async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, onSignal);
  });
  return runtime;
}
