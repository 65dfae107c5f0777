import { describeEventStoreContract } from '../contract/event-store.contract';
import { InMemoryEventStore } from './in-memory.event-store';

describeEventStoreContract('in memory', async () => {
  const store = new InMemoryEventStore();
  return { store, startsEmpty: true, dispose: () => store.close() };
});

// EventStoreDB's positions are offsets in its log, with gaps: the contract must hold on them too.
describeEventStoreContract('in memory, with positions that have gaps', async () => {
  const store = new InMemoryEventStore({ positions: 'byte-offsets' });
  return { store, startsEmpty: true, dispose: () => store.close() };
});
