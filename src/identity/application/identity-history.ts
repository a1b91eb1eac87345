import { comparePositions, readStreams, type EventStore, type EventMetadata } from '../../shared/event-store/event-store.js';
import type { Sealed } from '../../shared/domain/sealed.js';
import { loginStream, userStream } from '../domain/identity.events.js';
import type { PersonalDataVault } from './identity-ports.js';

export interface IdentityHistoryEntry {
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actor: EventMetadata['actor'];
  correlationId: string;
  /** IP and user agent of the request, opened with the person's key; `{ erased: true }` once it is gone. */
  request: { ip?: string | undefined; userAgent?: string | undefined } | { erased: true } | null;
  /** The event's data with sealed personal data opened, or `{ erased: true }` once the key is gone. */
  data: Record<string, unknown>;
}

/**
 * A person's identity events (account and sign-ins) replayed from the log in global order,
 * for auditors and for the person. Personal data is opened with the person's key; after an
 * erasure the same replay shows it as erased.
 */
export async function identityHistory(store: EventStore, vault: PersonalDataVault, userId: string): Promise<IdentityHistoryEntry[] | null> {
  const streams = await readStreams(store, [userStream(userId), loginStream(userId)]);
  const events = [...streams.values()].flat().sort((a, b) => comparePositions(a.position, b.position));
  if (events.length === 0) return null;
  // Everything sealed in these events, opened in one round trip, in event order.
  const sealed = events.flatMap((e) => [(e.data as { personal?: unknown }).personal, e.metadata.request?.sealed].filter(isSealed));
  const opened = await vault.openMany<unknown>(sealed);
  let next = 0;
  const open = () => opened[next++] ?? { erased: true };
  return events.map((e) => {
    const data = { ...(e.data as Record<string, unknown>) };
    if (isSealed(data.personal)) data.personal = open();
    const request = e.metadata.request;
    return {
      eventId: e.id,
      streamId: e.streamId,
      revision: e.revision,
      type: e.type,
      occurredAt: e.metadata.occurredAt,
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      request: request === undefined ? null : request.sealed ? (open() as IdentityHistoryEntry['request']) : { ip: request.ip, userAgent: request.userAgent },
      data,
    };
  });
}

function isSealed(value: unknown): value is Sealed {
  return typeof value === 'object' && value !== null && (value as Sealed).alg === 'A256GCM';
}
