import { comparePositions, readStreams, type EventStore, type EventMetadata } from '../../shared/event-store/event-store.js';
import { loginStream, userStream, type PersonalData, type SealedPersonalData } from '../domain/identity.events.js';
import type { PersonalDataVault } from './identity-ports.js';

export interface IdentityHistoryEntry {
  eventId: string;
  streamId: string;
  revision: number;
  type: string;
  occurredAt: string;
  actor: EventMetadata['actor'];
  correlationId: string;
  request: NonNullable<EventMetadata['request']> | null;
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
  const sealed = events.flatMap((e) => (isSealed((e.data as { personal?: unknown }).personal) ? [(e.data as { personal: SealedPersonalData }).personal] : []));
  const opened = await vault.openMany<PersonalData>(sealed);
  let next = 0;
  return events.map((e) => {
    const data = { ...(e.data as Record<string, unknown>) };
    if (isSealed(data.personal)) {
      const personal = opened[next++];
      data.personal = personal ?? { erased: true };
    }
    return {
      eventId: e.id,
      streamId: e.streamId,
      revision: e.revision,
      type: e.type,
      occurredAt: e.metadata.occurredAt,
      actor: e.metadata.actor,
      correlationId: e.metadata.correlationId,
      request: e.metadata.request ?? null,
      data,
    };
  });
}

function isSealed(value: unknown): value is SealedPersonalData {
  return typeof value === 'object' && value !== null && (value as SealedPersonalData).alg === 'A256GCM';
}
