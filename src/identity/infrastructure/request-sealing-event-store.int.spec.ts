import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityTestDatabase, type IdentityTestDatabase } from '../../../test/support/identity-test-database.js';
import { canAppendAtomically, type EventMetadata, type EventStore } from '../../shared/event-store/event-store.js';
import { ensureEventStoreSchema } from '../../shared/event-store/postgres/event-store-schema.js';
import { PostgresEventStore } from '../../shared/event-store/postgres/postgres-event-store.js';
import { PostgresPersonalDataVault } from './postgres/postgres-personal-data-vault.js';
import { sealingRequestMetadata } from './request-sealing-event-store.js';

describe('sealingRequestMetadata', () => {
  let db: IdentityTestDatabase;
  let pool: pg.Pool;
  let vault: PostgresPersonalDataVault;
  let store: EventStore;

  beforeAll(async () => {
    db = await identityTestDatabase('request_sealing', { maxConnections: 5 });
    pool = db.pool;
    await ensureEventStoreSchema(pool);
    vault = new PostgresPersonalDataVault(pool);
    store = sealingRequestMetadata(new PostgresEventStore(pool), vault);
  });
  afterAll(async () => {
    await store.close();
    await db.close();
  });

  const metadata = (actor: EventMetadata['actor']): EventMetadata => ({
    schemaVersion: 1,
    occurredAt: '2026-11-26T10:00:00.000Z',
    actor,
    correlationId: 'c',
    causationId: 'c',
    request: { ip: '203.0.113.77', userAgent: 'Firefox/140 (distinctive-agent)' },
  });
  const rawText = async (streamId: string) => JSON.stringify((await pool.query('SELECT data, metadata FROM eventstore.events WHERE stream_id = $1', [streamId])).rows);

  it("stores a person's IP and user agent sealed with their key, readable only through the vault", async () => {
    const person = randomUUID();
    const streamId = `test-${randomUUID()}`;
    await store.appendToStream(streamId, [{ id: randomUUID(), type: 'Tested', data: {}, metadata: metadata({ id: person, kind: 'user' }) }], { expectedRevision: 'no_stream' });
    expect(await rawText(streamId)).not.toMatch(/203\.0\.113\.77|distinctive-agent/);
    const [event] = await store.readStream(streamId);
    expect(event!.metadata.request).toEqual({ sealed: expect.objectContaining({ keyOwner: person, alg: 'A256GCM' }) });
    expect(await vault.open(event!.metadata.request!.sealed!)).toEqual({ ip: '203.0.113.77', userAgent: 'Firefox/140 (distinctive-agent)' });

    await vault.erase(person);
    expect(await vault.open(event!.metadata.request!.sealed!)).toBeNull();
  });

  it('leaves system actors alone and keeps no request trail for someone already erased', async () => {
    const erased = randomUUID();
    await vault.seal(erased, 'x');
    await vault.erase(erased);
    const streamId = `test-${randomUUID()}`;
    await store.appendToStream(
      streamId,
      [
        { id: randomUUID(), type: 'BySystem', data: {}, metadata: metadata({ id: 'process-manager', kind: 'system' }) },
        { id: randomUUID(), type: 'ByErased', data: {}, metadata: metadata({ id: erased, kind: 'user' }) },
      ],
      { expectedRevision: 'no_stream' },
    );
    const [bySystem, byErased] = await store.readStream(streamId);
    expect(bySystem!.metadata.request).toEqual({ ip: '203.0.113.77', userAgent: 'Firefox/140 (distinctive-agent)' });
    expect(byErased!.metadata.request).toBeUndefined();
  });

  it('keeps the atomic multi-stream append of the store underneath, sealing there too', async () => {
    expect(canAppendAtomically(store)).toBe(true);
    if (!canAppendAtomically(store)) return;
    const person = randomUUID();
    const [a, b] = [`test-${randomUUID()}`, `test-${randomUUID()}`];
    await store.appendToStreams([a, b].map((streamId) => ({ streamId, expectedRevision: 'no_stream' as const, events: [{ id: randomUUID(), type: 'Tested', data: {}, metadata: metadata({ id: person, kind: 'user' }) }] })));
    for (const streamId of [a, b]) expect(await rawText(streamId)).not.toContain('203.0.113.77');
  });
});
