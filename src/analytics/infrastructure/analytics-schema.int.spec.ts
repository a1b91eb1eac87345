import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingFact, bookingRequested, createReadModelKit, siteRegistered, spaceCreated, type ReadModelKit } from '../../../projections/projection-test-kit.js';
import { rebuildReadModel, switchReadModel } from '../../../projections/rebuild.js';
import { ensureAuditSchema } from '../../audit/infrastructure/audit-schema.js';
import { ensureIdentitySchema } from '../../identity/infrastructure/postgres/identity-schema.js';
import { ANALYST_ROLE, ANALYTICS_VIEWS, ensureAnalyticsSchema } from './analytics-schema.js';

describe('schema analytics and the reserva_analyst role', () => {
  let kit: ReadModelKit;
  let analyst: pg.Pool;
  // Roles are cluster-wide: a name of its own so parallel test files never meet.
  const login = `analyst_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');

  beforeAll(async () => {
    kit = await createReadModelKit('analytics_schema');
    await ensureIdentitySchema(kit.pool);
    await ensureAuditSchema(kit.pool);
    expect(await ensureAnalyticsSchema(kit.pool)).toEqual({ role: true });
    await kit.record(
      siteRegistered('berlin'),
      spaceCreated('room-a', 'berlin'),
      bookingRequested('b1', 'room-a', '2026-02-02T09:00:00Z', '2026-02-02T10:00:00Z'),
      bookingFact('b1', 'BookingConfirmed', { placement: 1 }),
    );
    await kit.project();
    // A real person's login that is granted the analyst role, nothing more.
    await kit.pool.query(`CREATE ROLE ${login} LOGIN PASSWORD '${password}' IN ROLE ${ANALYST_ROLE}`);
    const url = new URL(kit.db.url);
    url.username = login;
    url.password = password;
    analyst = new pg.Pool({ connectionString: url.toString(), max: 2 });
  });
  afterAll(async () => {
    await analyst?.end();
    await kit?.pool.query(`DROP ROLE IF EXISTS ${login}`);
    await kit?.close();
  });

  const refusal = async (sql: string) => {
    try {
      await analyst.query(sql);
      return 'allowed';
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  it('lets the analyst read every analytics view', async () => {
    for (const view of ANALYTICS_VIEWS) {
      const { rows } = await analyst.query(`SELECT count(*)::int AS n FROM analytics.${view.name}`);
      expect(rows[0].n, view.name).toBeGreaterThanOrEqual(0);
    }
    const { rows } = await analyst.query(`SELECT booking_id, status, holds_slot FROM analytics.booking_facts`);
    expect(rows).toEqual([{ booking_id: 'b1', status: 'confirmed', holds_slot: true }]);
    expect((await analyst.query(`SELECT booked_minutes::float AS m FROM analytics.usage_hourly WHERE target_id = 'room-a'`)).rows).toEqual([{ m: 60 }]);
  });

  it('refuses the analyst every other schema (42501: insufficient privilege)', async () => {
    for (const table of ['rm.bookings', 'rm.booking_facts', 'eventstore.events', 'identity.accounts', 'identity.person_keys', 'audit.entries']) {
      expect(await refusal(`SELECT * FROM ${table} LIMIT 1`), table).toBe('42501');
    }
  });

  it('refuses the analyst any write, through the views or beside them', async () => {
    expect(await refusal(`DELETE FROM analytics.bookings`)).toBe('42501');
    expect(await refusal(`UPDATE analytics.spaces SET name = 'x'`)).toBe('42501');
    expect(await refusal(`INSERT INTO analytics.sites (id) VALUES ('x')`)).toBe('42501');
    expect(await refusal(`CREATE TABLE analytics.mine (x int)`)).toBe('42501');
    expect(await refusal(`CREATE VIEW analytics.mine AS SELECT 1`)).toBe('42501');
  });

  it('keeps the views working over the switched-in read models once the retired schema is dropped', async () => {
    const report = await rebuildReadModel({ store: kit.store, pool: kit.pool, projection: 'all', schema: 'rm_next', keep: true });
    expect(report.equal).toBe(true);
    const { retiredSchema } = await switchReadModel(kit.pool, { schema: 'rm_next' });
    await kit.pool.query(`DROP SCHEMA ${retiredSchema} CASCADE`);
    await kit.record(bookingRequested('b2', 'room-a', '2026-02-03T09:00:00Z', '2026-02-03T10:00:00Z'));
    await kit.project();
    const { rows } = await analyst.query(`SELECT booking_id FROM analytics.booking_facts ORDER BY booking_id`);
    expect(rows).toEqual([{ booking_id: 'b1' }, { booking_id: 'b2' }]);
    expect(await refusal(`SELECT * FROM rm.bookings LIMIT 1`)).toBe('42501');
  });

  it('runs the SQL examples of read-models/README.md ("Analytics") as the analyst', async () => {
    const readme = await readFile(new URL('../../../read-models/README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('\n# Analytics'));
    const statements = [...section.matchAll(/```sql\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split(/;\s*\n/)).map((q) => q.trim()).filter((q) => q.length > 0);
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const sql of statements.filter((q) => !/^CREATE ROLE/i.test(q.replace(/^(--.*\n)*/, '')))) await analyst.query(sql);
  });

  it('can be ensured again and again (every start does)', async () => {
    await Promise.all([ensureAnalyticsSchema(kit.pool), ensureAnalyticsSchema(kit.pool)]);
    expect((await analyst.query(`SELECT count(*)::int AS n FROM analytics.bookings`)).rows).toEqual([{ n: 2 }]);
  });
});
