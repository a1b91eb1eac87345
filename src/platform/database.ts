import path from 'node:path';
import pg from 'pg';
import type { Config } from './config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import type { Logger } from './tokens.js';

export interface Database {
  url: string;
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'reserva';

/**
 * The PostgreSQL the process uses: DATABASE_URL when set, otherwise an embedded server whose
 * data lives in DATA_DIR and survives restarts (so demo data is seeded only once).
 */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  const dataDir = path.resolve(config.dataDir);
  log.info('starting embedded PostgreSQL', { dataDir });
  const server = await startEmbeddedPostgres({ dataDir, persistent: true });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
  if (rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { url: url.toString(), stop: () => server.stop() };
}
