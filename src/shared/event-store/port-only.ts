import type { EventStore } from './event-store.js';

/**
 * A view of `store` with only the port's methods: optional capabilities such as atomic
 * multi-stream appends disappear, so code runs exactly as it would on EventStoreDB.
 * `onAppended` (tests) runs after each successful append.
 */
export function portOnly(store: EventStore, onAppended: () => void = () => {}): EventStore {
  return {
    appendToStream: async (...args) => {
      const result = await store.appendToStream(...args);
      onAppended();
      return result;
    },
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    close: () => store.close(),
  };
}
