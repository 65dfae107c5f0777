import { describeEventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  describeEventStoreContract(`eventstoredb at ${connectionString}`, async () => {
    const store = EventStoreDbEventStore.connect(connectionString);
    return { store, startsEmpty: false, dispose: () => store.close() };
  });
} else {
  const reason =
    'EventStoreDB contract suite SKIPPED: EVENTSTORE_CONNECTION_STRING is not set, so there is no server to run it against ' +
    '(set it, e.g. esdb://localhost:2113?tls=false, after `docker compose up eventstore`)';
  // Said when the file loads: Jest runs no hook of a block whose every test is skipped.
  process.stdout.write(`\n${reason}\n`);
  describe('event store contract: eventstoredb', () => {
    it.skip(reason, () => undefined);
  });
}
