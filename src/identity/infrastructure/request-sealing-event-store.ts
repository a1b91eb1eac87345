import type { AtomicMultiStreamAppend, EventStore, EventToAppend, StreamAppend } from '../../shared/event-store/event-store.js';
import type { PersonalDataVault } from '../application/identity-ports.js';

/**
 * The event store with one change on the way in: the request metadata of events a person
 * causes (their IP address and user agent) is sealed with that person's key, so erasing them
 * erases it too. Every other method and capability of `store` passes through untouched.
 */
export function sealingRequestMetadata(store: EventStore, vault: PersonalDataVault): EventStore {
  const sealAll = async (events: EventToAppend[]) => Promise.all(events.map((e) => sealRequestOf(e, vault)));
  const appendToStream: EventStore['appendToStream'] = async (streamId, events, options) => store.appendToStream(streamId, await sealAll(events), options);
  const appendToStreams: AtomicMultiStreamAppend['appendToStreams'] = async (appends: StreamAppend[]) =>
    (store as EventStore & AtomicMultiStreamAppend).appendToStreams(await Promise.all(appends.map(async (a) => ({ ...a, events: await sealAll(a.events) }))));
  return new Proxy(store, {
    get(target, property) {
      if (property === 'appendToStream') return appendToStream;
      if (property === 'appendToStreams' && typeof (target as Partial<AtomicMultiStreamAppend>).appendToStreams === 'function') return appendToStreams;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function sealRequestOf(event: EventToAppend, vault: PersonalDataVault): Promise<EventToAppend> {
  const { request, actor } = event.metadata;
  if (!request || request.sealed || actor.kind !== 'user' || (request.ip === undefined && request.userAgent === undefined)) return event;
  const { ip, userAgent } = request;
  const sealed = await vault.seal(actor.id, { ip, userAgent }).catch(async (error: unknown) => {
    if (await vault.isErased(actor.id)) return null;
    throw error;
  });
  // A person already erased keeps no request trail at all.
  const { request: _plain, ...metadata } = event.metadata;
  return { ...event, metadata: sealed ? { ...metadata, request: { sealed } } : metadata };
}
