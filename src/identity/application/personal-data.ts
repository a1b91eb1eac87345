import type { Sealed } from '../../shared/domain/sealed.js';
import type { EventStore, RecordedEvent } from '../../shared/event-store/event-store.js';
import { userStream, type PersonalData, type UserEvent } from '../domain/identity.events.js';
import type { PersonalDataVault } from './identity-ports.js';

/** The latest sealed personal data among a person's own events. */
export function latestSealedPersonalData(events: readonly RecordedEvent[]): Sealed | null {
  let sealed: Sealed | null = null;
  for (const e of events) {
    const event = { type: e.type, data: e.data } as UserEvent;
    if (event.type === 'UserRegistered' || event.type === 'UserProfileUpdated') sealed = event.data.personal;
  }
  return sealed;
}

/** Name, email… of a person as they last gave them; null once erased. */
export async function readPersonalData(store: EventStore, vault: PersonalDataVault, userId: string): Promise<PersonalData | null> {
  const sealed = latestSealedPersonalData(await store.readStream(userStream(userId)));
  return sealed ? vault.open<PersonalData>(sealed) : null;
}
