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
const ALREADY_LOGGED = 'SELECT event_id FROM audit.entries WHERE event_id = ANY($1)';
const APPEND = `
  INSERT INTO audit.entries (seq, event_id, stream_id, event_type, occurred_at, actor_id, correlation_id, causation_id, request, canonical_event, prev_hash, hash)
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::text[])`;
const MOVE_HEAD = 'UPDATE audit.chain_head SET seq = $1, hash = $2 WHERE id';

/**
 * Chains `events`, in order, onto the audit log with `client`, in the caller's transaction:
 * one head lock, one insert and one head move however many there are. Locking the head row
 * first makes appenders take turns (the chain has one end); an event already in the log is
 * left alone, so redelivery under any consumer name appends nothing twice.
 */
export async function appendToAuditLog(client: pg.ClientBase, events: readonly RecordedEvent[]): Promise<void> {
  const head = (await client.query<{ seq: string; hash: string }>(LOCK_HEAD)).rows[0];
  if (!head) throw new Error('audit.chain_head is missing: run ensureAuditSchema');
  const logged = new Set((await client.query<{ event_id: string }>(ALREADY_LOGGED, [events.map((e) => e.id)])).rows.map((r) => r.event_id));
  let seq = BigInt(head.seq);
  let hash = head.hash;
  const columns: unknown[][] = Array.from({ length: 12 }, () => []);
  for (const event of events) {
    if (logged.has(event.id)) continue;
    logged.add(event.id);
    const canonical = canonicalEvent(event);
    const prev = hash;
    seq += 1n;
    hash = entryHash(prev, canonical);
    const { metadata } = event;
    const row = [
      String(seq), event.id, event.streamId, event.type, metadata.occurredAt, metadata.actor.id, metadata.correlationId, metadata.causationId,
      metadata.request === undefined ? null : JSON.stringify(metadata.request), canonical, prev, hash,
    ];
    row.forEach((value, i) => columns[i]!.push(value));
  }
  if (columns[0]!.length === 0) return;
  await client.query(APPEND, columns);
  await client.query(MOVE_HEAD, [String(seq), hash]);
}

/** The runConsumer handler of the audit log: every relayed event, chained in delivery order. */
export function auditLogConsumer(): ConsumerOptions['handle'] {
  return (message: ConsumedMessage, client) => appendToAuditLog(client, [messageToEvent(message)]);
}

/** Creates schema `audit` and runs the audit log consumer on every context topic of `source`. */
export async function startAuditLogConsumer(
  options: Pick<ConsumerOptions, 'source' | 'publisher' | 'pool' | 'retries' | 'onError'> & { name?: string; pool: pg.Pool },
): Promise<RunningConsumer> {
  await ensureAuditSchema(options.pool);
  return runConsumer({ ...options, name: options.name ?? AUDIT_LOG_CONSUMER, topics: CONTEXT_TOPICS, handle: auditLogConsumer(), handleMany: (messages, client) => appendToAuditLog(client, messages.map(messageToEvent)) });
}
