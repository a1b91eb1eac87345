import { describe, it } from 'vitest';
import { describeEventStoreContract } from '../event-store.contract.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';

const connectionString = process.env.EVENTSTOREDB_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract('EventStoreDB', async () => {
    const store = new EventStoreDbEventStore(connectionString);
    return { store, cleanup: () => store.close() };
  });
} else {
  describe.skip('EventStore contract: EventStoreDB (skipped: EVENTSTOREDB_CONNECTION_STRING not set)', () => {
    it('runs the shared contract against a live EventStoreDB server', () => {});
  });
}
