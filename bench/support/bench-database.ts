import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * Runs `use` against a fresh database on the benchmark's server and drops it afterwards, so
 * every benchmark starts from an empty event store and read models.
 */
export async function withBenchDatabase<T>(adminUrl: string, prefix: string, use: (url: string) => Promise<T>): Promise<T> {
  const name = `bench_${prefix}_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await dropWhenIdle(admin, name);
    await admin.end();
  }
}

/**
 * pg's Pool.end() resolves before its backends have gone, so a forced drop right after would
 * kill them mid-goodbye and their pools would log errors: wait up to two seconds for the
 * connections to close, and force only then.
 */
async function dropWhenIdle(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
}
