import { comparePositions, readStreams, type EventStore, type EventMetadata, type RequestMetadata } from '../../shared/event-store/event-store.js';
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
  /**
   * IP and user agent of the request, opened with its owner's key; `{ erased: true }` once the
   * key is gone; null without request data, or when it is someone else's and the reader may not see it.
   */
  request: { ip?: string | undefined; userAgent?: string | undefined } | { erased: true } | null;
  /** The event's data with sealed personal data opened, or `{ erased: true }` once the key is gone. */
  data: Record<string, unknown>;
}

/**
 * A person's identity events (account and sign-ins) replayed from the log in global order,
 * for auditors and for the person. Personal data is opened with the person's key; after an
 * erasure the same replay shows it as erased. The request data (IP, user agent) of an event
 * someone else caused (an admin granting a role) is that other person's: it is opened only
 * for readers who may see every request (`opensOthersRequests`), and is null otherwise.
 */
export async function identityHistory(
  store: EventStore,
  vault: PersonalDataVault,
  userId: string,
  reader: { opensOthersRequests: boolean },
): Promise<IdentityHistoryEntry[] | null> {
  const streams = await readStreams(store, [userStream(userId), loginStream(userId)]);
  const events = [...streams.values()].flat().sort((a, b) => comparePositions(a.position, b.position));
  if (events.length === 0) return null;
  const mayOpen = (request: Sealed) => request.keyOwner === userId || reader.opensOthersRequests;
  // Everything this reader may see opened in one round trip; each sealed object finds its own value.
  const sealed = events.flatMap((e) => {
    const personal = (e.data as { personal?: unknown }).personal;
    const request = e.metadata.request?.sealed;
    return [...(isSealed(personal) ? [personal] : []), ...(request && mayOpen(request) ? [request] : [])];
  });
  const values = await vault.openMany<unknown>(sealed);
  const opened = new Map<Sealed, unknown>(sealed.map((s, i) => [s, values[i] ?? null]));
  const open = (s: Sealed) => opened.get(s) ?? { erased: true };
  return events.map((e) => {
    const data = { ...(e.data as Record<string, unknown>) };
    if (isSealed(data.personal)) data.personal = open(data.personal);
    const request = e.metadata.request;
    return {
      eventId: e.id,
      streamId: e.streamId,
      revision: e.revision,
      type: e.type,
      occurredAt: e.metadata.occurredAt,
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      request: requestOf(request, mayOpen, open),
      data,
    };
  });
}

function requestOf(request: RequestMetadata | undefined, mayOpen: (s: Sealed) => boolean, open: (s: Sealed) => unknown): IdentityHistoryEntry['request'] {
  if (request === undefined) return null;
  if (!request.sealed) return { ip: request.ip, userAgent: request.userAgent };
  return mayOpen(request.sealed) ? (open(request.sealed) as IdentityHistoryEntry['request']) : null;
}

function isSealed(value: unknown): value is Sealed {
  return typeof value === 'object' && value !== null && (value as Sealed).alg === 'A256GCM';
}
