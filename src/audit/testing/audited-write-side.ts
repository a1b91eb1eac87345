import { context, createWriteSide, lisbonSite, room } from '../../../test/support/write-side.js';
import { InProcessBus } from '../../messaging/in-process-bus.js';
import { ensureMessagingSchema } from '../../messaging/messaging-schema.js';
import { Relay } from '../../messaging/relay.js';
import { ensureIdentitySchema } from '../../identity/infrastructure/postgres/identity-schema.js';
import { PostgresPersonalDataVault } from '../../identity/infrastructure/postgres/postgres-personal-data-vault.js';
import { AuditTrail } from '../application/audit-trail.js';
import { startAuditLogConsumer } from '../infrastructure/audit-log-consumer.js';
import { PostgresAuditLog } from '../infrastructure/postgres-audit-log.js';

const FAST = { initialMs: 1, maxMs: 5 };

/**
 * The real write side with the audit pipeline of `npm start` behind it: relay → in-process bus
 * → audit log consumer, all on one fresh database; a site with a plain room and one that needs approval.
 */
export async function createAuditedWriteSide() {
  const ws = await createWriteSide();
  await ensureMessagingSchema(ws.pool);
  await ensureIdentitySchema(ws.pool);
  const bus = new InProcessBus(ws.pool, { partitions: 3, pollMs: 50, redeliveryBackoff: FAST });
  const relay = new Relay({ store: ws.store, pool: ws.pool, publisher: bus, batchSize: 7, backoff: FAST });
  await relay.start();
  const consumer = await startAuditLogConsumer({ pool: ws.pool, source: bus, publisher: bus, retries: { attempts: 3, backoff: FAST } });
  const log = new PostgresAuditLog(ws.pool);
  const trail = new AuditTrail(log, new PostgresPersonalDataVault(ws.pool), ws.store);

  const admin = context('admin-1', ['admin'], '2026-02-27T08:00:00Z');
  const site = await ws.catalog.registerSite(lisbonSite, admin);
  const spaceId = (await ws.catalog.createSpace(room(site.id), admin)).id;
  const approvalSpaceId = (await ws.catalog.createSpace(room(site.id, { approvalRequired: true }, 'Atlântico'), admin)).id;

  const count = async (table: string) => (await ws.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
  return {
    ...ws,
    siteId: site.id,
    spaceId,
    approvalSpaceId,
    log,
    trail,
    consumer,
    /** Events in the log, counted in its table: readAll stops at the oldest running transaction, which the pipeline keeps busy. */
    eventCount: () => count('eventstore.events'),
    /** Resolves once every event written so far is in the audit table. */
    async untilAudited(): Promise<void> {
      const written = await count('eventstore.events');
      while ((await count('audit.entries')) < written) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    async close() {
      await consumer.stop();
      await relay.stop();
      await ws.close();
    },
  };
}

export type AuditedWriteSide = Awaited<ReturnType<typeof createAuditedWriteSide>>;
