import type pg from 'pg';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from '../../messaging/consumer.js';
import { CONTEXT_TOPICS, messageToEvent } from '../../messaging/event-message.js';
import type { ConsumedMessage } from '../../messaging/message.js';
import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import { canonicalEvent, entryHash } from '../domain/audit-chain.js';
import { ensureAuditSchema } from './audit-schema.js';

/** Consumer group and processed-events name of the audit log. */
export const AUDIT_LOG_CONSUMER = 'audit-log';

const LOCK_HEAD = 'SELECT seq::text AS seq, hash FROM audit.chain_head WHERE id FOR UPDATE';
const APPEND = `
  INSERT INTO audit.entries (seq, event_id, stream_id, event_type, occurred_at, actor_id, correlation_id, causation_id, request, canonical_event, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
  ON CONFLICT (event_id) DO NOTHING`;
const MOVE_HEAD = 'UPDATE audit.chain_head SET seq = $1, hash = $2 WHERE id';

/**
 * Chains one event onto the audit log with `client`, in the caller's transaction. Locking the
 * head row first makes appenders take turns (the chain has one end); an event already in the
 * log is left alone, so redelivery under any consumer name appends nothing twice.
 */
export async function appendToAuditLog(client: pg.ClientBase, event: RecordedEvent): Promise<void> {
  const head = (await client.query<{ seq: string; hash: string }>(LOCK_HEAD)).rows[0];
  if (!head) throw new Error('audit.chain_head is missing: run ensureAuditSchema');
  const canonical = canonicalEvent(event);
  const seq = BigInt(head.seq) + 1n;
  const hash = entryHash(head.hash, canonical);
  const { metadata } = event;
  const appended = await client.query(APPEND, [
    String(seq), event.id, event.streamId, event.type, metadata.occurredAt, metadata.actor.id, metadata.correlationId, metadata.causationId,
    metadata.request === undefined ? null : JSON.stringify(metadata.request), canonical, head.hash, hash,
  ]);
  if (appended.rowCount === 1) await client.query(MOVE_HEAD, [String(seq), hash]);
}

/** The runConsumer handler of the audit log: every relayed event, chained in delivery order. */
export function auditLogConsumer(): ConsumerOptions['handle'] {
  return (message: ConsumedMessage, client) => appendToAuditLog(client, messageToEvent(message));
}

/** Creates schema `audit` and runs the audit log consumer on every context topic of `source`. */
export async function startAuditLogConsumer(
  options: Pick<ConsumerOptions, 'source' | 'publisher' | 'pool' | 'retries' | 'onError'> & { name?: string; pool: pg.Pool },
): Promise<RunningConsumer> {
  await ensureAuditSchema(options.pool);
  return runConsumer({ ...options, name: options.name ?? AUDIT_LOG_CONSUMER, topics: CONTEXT_TOPICS, handle: auditLogConsumer() });
}
