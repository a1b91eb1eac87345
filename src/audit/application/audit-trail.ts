import { bookingDecider, type Booking } from '../../booking/domain/booking.decider.js';
import type { PersonalDataVault } from '../../identity/application/identity-ports.js';
import { fold } from '../../shared/application/execute-command.js';
import type { Sealed } from '../../shared/domain/sealed.js';
import type { EventMetadata, EventStore, RequestMetadata } from '../../shared/event-store/event-store.js';
import type { AuditVerification } from '../domain/audit-chain.js';
import type { AuditFilter, AuditLogReader, AuditRecord } from './audit-log-reader.js';

/** One audit entry as auditors see it: the event, its place in the chain, its request metadata opened. */
export interface AuditEntryView {
  seq: number;
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: EventMetadata['actor'];
  correlationId: string;
  causationId: string;
  /** IP and user agent, opened with their owner's key; `{ erased: true }` once the key is gone; null without request data. */
  request: { ip?: string | undefined; userAgent?: string | undefined } | { erased: true } | null;
  /** As recorded (personal data stays sealed). */
  data: unknown;
  prevHash: string;
  hash: string;
}

export interface BookingAsOf {
  bookingId: string;
  asOf: string;
  /** Revision of the last event applied (its ETag then). */
  revision: number;
  /** occurredAt of the last event applied. */
  lastEventAt: string;
  eventsApplied: number;
  state: Booking;
}

/**
 * What auditors read: the chained trail (filtered, paged or exported), its verification, and
 * any booking's state as of an instant. Every caller holds `audit.read`, which may see every
 * request's metadata, so sealed request data is opened for all entries.
 */
export class AuditTrail {
  constructor(
    private readonly log: AuditLogReader,
    private readonly vault: Pick<PersonalDataVault, 'openMany'>,
    private readonly store: EventStore,
  ) {}

  async entries(filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ items: AuditEntryView[]; total: number }> {
    const { records, total } = await this.log.list(filter, page);
    return { items: await this.views(records), total };
  }

  /** Every matching entry in chain order, a batch at a time. */
  async *export(filter: AuditFilter): AsyncIterable<AuditEntryView[]> {
    for await (const records of this.log.scan(filter)) yield this.views(records);
  }

  verify(): Promise<AuditVerification> {
    return this.log.verify();
  }

  /**
   * The booking as it stood at `asOf`: its events (from the event store) that had occurred by
   * then, folded with the booking decider. Null when it did not exist yet.
   */
  async bookingAsOf(bookingId: string, asOf: Date): Promise<BookingAsOf | null> {
    const events = (await this.store.readStream(`booking-${bookingId}`)).filter((e) => Date.parse(e.metadata.occurredAt) <= asOf.getTime());
    const { state, revision } = fold(events, bookingDecider);
    if (state.status === 'absent') return null;
    return { bookingId, asOf: asOf.toISOString(), revision, lastEventAt: events[events.length - 1]!.metadata.occurredAt, eventsApplied: events.length, state };
  }

  private async views(records: AuditRecord[]): Promise<AuditEntryView[]> {
    const sealed = records.map((r) => r.event.metadata.request?.sealed).filter((s): s is Sealed => s !== undefined);
    const values = await this.vault.openMany<AuditEntryView['request']>(sealed);
    const opened = new Map<Sealed, AuditEntryView['request']>(sealed.map((s, i) => [s, values[i] ?? { erased: true }]));
    return records.map(({ seq, event, prevHash, hash }) => ({
      seq,
      eventId: event.id,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      recordedAt: event.recordedAt,
      actor: event.metadata.actor,
      correlationId: event.metadata.correlationId,
      causationId: event.metadata.causationId,
      request: requestOf(event.metadata.request, opened),
      data: event.data,
      prevHash,
      hash,
    }));
  }
}

function requestOf(request: RequestMetadata | undefined, opened: Map<Sealed, AuditEntryView['request']>): AuditEntryView['request'] {
  if (request === undefined) return null;
  if (!request.sealed) return { ip: request.ip, userAgent: request.userAgent };
  return opened.get(request.sealed) ?? { erased: true };
}
