export * from './event-store.port';
export * from './errors';
export { InMemoryEventStore } from './memory/in-memory.event-store';
export { SqliteEventStore, SqliteEventReader, DURABLE_PRAGMAS, EVENTS_SCHEMA } from './sqlite/sqlite.event-store';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb.event-store';
export { preparePrivateFile } from './private-file';
/** Test doubles: wrappers that drop subscriptions, or time out appends they have committed, on demand. */
export { SubscriptionDroppingStore } from './testing/subscription-dropping.store';
export { CommitThenTimeOutStore } from './testing/commit-then-time-out.store';
