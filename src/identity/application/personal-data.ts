import type { EventStore } from '../../shared/event-store/event-store.js';
import { userStream, type PersonalData, type SealedPersonalData, type UserEvent } from '../domain/identity.events.js';
import type { PersonalDataVault } from './identity-ports.js';

/** The latest sealed personal data of a person, from their own stream. */
export async function latestSealedPersonalData(store: EventStore, userId: string): Promise<SealedPersonalData | null> {
  let sealed: SealedPersonalData | null = null;
  for (const e of await store.readStream(userStream(userId))) {
    const event = { type: e.type, data: e.data } as UserEvent;
    if (event.type === 'UserRegistered' || event.type === 'UserProfileUpdated') sealed = event.data.personal;
  }
  return sealed;
}

/** Name, email… of a person as they last gave them; null once erased. */
export async function readPersonalData(store: EventStore, vault: PersonalDataVault, userId: string): Promise<PersonalData | null> {
  const sealed = await latestSealedPersonalData(store, userId);
  return sealed ? vault.open<PersonalData>(sealed) : null;
}
