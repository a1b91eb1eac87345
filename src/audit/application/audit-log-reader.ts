import type { RecordedEvent } from '../../shared/event-store/event-store.js';
import type { AuditVerification } from '../domain/audit-chain.js';

/** What auditors filter the trail by; every given filter must match. */
export interface AuditFilter {
  /** The booking's own events and the schedule reservations it held. */
  bookingId?: string;
  /** Events the person caused (actor) or that are about them: their account, sign-ins and bookings. */
  userId?: string;
  /** The space's own events, bookings of it and its schedule. */
  spaceId?: string;
  actorId?: string;
  eventType?: string;
  /** occurred_at in [from, to). */
  from?: string;
  to?: string;
}

/** An event as the chain hashed it (positions as decimal strings). */
export type AuditedEvent = Omit<RecordedEvent, 'position'> & { position: { commit: string; prepare: string } };

export interface AuditRecord {
  seq: number;
  event: AuditedEvent;
  prevHash: string;
  hash: string;
}

/** The audit table, read side. */
export interface AuditLogReader {
  /** A page in chain order, and how many entries match in all. */
  list(filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ records: AuditRecord[]; total: number }>;
  /** Every matching entry in chain order, a batch at a time (for exports). */
  scan(filter: AuditFilter): AsyncIterable<AuditRecord[]>;
  /** Recomputes the chain from the first entry. */
  verify(): Promise<AuditVerification>;
}
