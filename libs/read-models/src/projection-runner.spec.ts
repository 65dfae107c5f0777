import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { InMemoryEventStore, NewEvent, StoreUnavailableError, SubscriptionDroppingStore } from '@tracker/event-store';
import { Projection } from './projection';
import { ProjectionInterruption, ProjectionRunner, resubscribeDelayMs } from './projection-runner';
import { openReadStore } from './read-store';

/** Deliberately not idempotent: it counts every apply, so a replayed event shows. */
const counting = (version = 1): Projection => ({
  name: 'counting',
  version,
  setUp: (db) => db.exec('CREATE TABLE IF NOT EXISTS counted (n INTEGER NOT NULL); INSERT INTO counted SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM counted)'),
  tearDown: (db) => db.exec('DROP TABLE IF EXISTS counted'),
  apply: (_, db) => db.exec('UPDATE counted SET n = n + 1'),
});
const counted = (db: Database.Database) => db.prepare<[], { n: number }>('SELECT n FROM counted').get()?.n;

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'Happened',
  schemaVersion: 1,
  data: {},
  metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00Z' },
});

describe('projection runner', () => {
  let store: InMemoryEventStore;
  let db: Database.Database;
  beforeEach(() => {
    store = new InMemoryEventStore();
    db = openReadStore(':memory:');
  });
  afterEach(() => db.close());

  const appendMany = async (n: number) => {
    let position = 0;
    for (let i = 0; i < n; i++) position = (await store.appendToStream(`s-${randomUUID()}`, [event()], 'no_stream')).position;
    return position;
  };

  it('applies every event once and waits for a position', async () => {
    const runner = new ProjectionRunner(store, db, [counting()]);
    runner.start();
    const last = await appendMany(5);
    expect(await runner.waitFor(last)).toBe(true);
    expect(counted(db)).toBe(5);
    expect(runner.position).toBe(last);
    await runner.stop();
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    const first = new ProjectionRunner(store, db, [counting()]);
    first.start();
    await first.waitFor(await appendMany(3));
    await first.stop();

    const last = await appendMany(4);
    const second = new ProjectionRunner(store, db, [counting()]);
    second.start();
    await second.waitFor(last);
    expect(counted(db)).toBe(7);
    await second.stop();
  });

  it('rebuilds from zero when a projection changes version, and on request', async () => {
    const first = new ProjectionRunner(store, db, [counting(1)]);
    first.start();
    const last = await appendMany(3);
    await first.waitFor(last);
    await first.stop();

    const changed = new ProjectionRunner(store, db, [counting(2)]);
    changed.start();
    await changed.waitFor(last);
    expect(counted(db)).toBe(3);

    await changed.rebuild();
    await changed.waitFor(last);
    expect(counted(db)).toBe(3);
    await changed.stop();
  });

  it('rolls back a batch whose projection fails, keeps the checkpoint before it, and reports the failure', async () => {
    await appendMany(2);
    let failure: unknown;
    const failing: Projection = { ...counting(), apply: (e, d) => (e.position === 2 ? fail() : counting().apply(e, d)) };
    const runner = new ProjectionRunner(store, db, [failing], (error) => (failure = error));
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failure).toEqual(new Error('broken projection'));
    expect(runner.failed).toBe(failure);
    expect(counted(db)).toBe(0);
    expect(runner.position).toBe(0);
    await runner.stop();
  });
});

describe('projection runner when the store ends its subscription', () => {
  let store: InMemoryEventStore;
  let dropping: SubscriptionDroppingStore;
  let db: Database.Database;
  beforeEach(() => {
    store = new InMemoryEventStore();
    dropping = new SubscriptionDroppingStore(store);
    db = openReadStore(':memory:');
  });
  afterEach(() => db.close());

  const append = async () => (await store.appendToStream(`s-${randomUUID()}`, [event()], 'no_stream')).position;

  it('subscribes again from its checkpoint after the pause, applies what was stored meanwhile once, and says so while it is down', async () => {
    // The pause runs on Jest's clock, moved by hand: nothing here depends on how fast the machine is.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'performance'] });
    try {
      const interruptions: ProjectionInterruption[] = [];
      const runner = new ProjectionRunner(dropping, db, [counting()], () => {}, { onInterrupted: (interruption) => interruptions.push(interruption) });
      runner.start();
      const first = await append();
      expect(await runner.waitFor(first)).toBe(true);

      const drop = new StoreUnavailableError('EventStoreDB is unavailable (subscribe to $all): 14 UNAVAILABLE: Connection dropped');
      expect(await dropping.dropSubscriptions(drop)).toBe(1);
      expect(runner.interrupted).toEqual({ error: drop, attempt: 1, retryInMs: 500 });
      expect(interruptions).toEqual([runner.interrupted]);
      expect(runner.failed).toBeUndefined();
      const meanwhile = await append();

      jest.advanceTimersByTime(499);
      expect(dropping.subscribedAfter).toEqual([0]);
      jest.advanceTimersByTime(1);
      expect(dropping.subscribedAfter).toEqual([0, first]);
      expect(runner.interrupted).toBeUndefined();
      expect(await runner.waitFor(meanwhile)).toBe(true);
      const later = await append();
      expect(await runner.waitFor(later)).toBe(true);
      expect(counted(db)).toBe(3);
      await runner.stop();
      expect(dropping.openSubscriptions).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps subscribing again while the store keeps ending it, each pause counted as one more in a row', async () => {
    const interruptions: ProjectionInterruption[] = [];
    const runner = new ProjectionRunner(dropping, db, [counting()], () => {}, {
      onInterrupted: (interruption) => interruptions.push(interruption),
      resubscribeDelayMs: () => 0,
    });
    runner.start();
    const drop = new StoreUnavailableError('EventStoreDB is unavailable (subscribe to $all): 4 DEADLINE_EXCEEDED');
    for (let i = 0; i < 3; i++) {
      await dropping.dropSubscriptions(drop);
      while (dropping.openSubscriptions === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(interruptions.map((i) => i.attempt)).toEqual([1, 2, 3]);
    const last = await append();
    expect(await runner.waitFor(last)).toBe(true);
    expect(counted(db)).toBe(1);
    await runner.stop();
  });

  it('does not subscribe again after it is stopped', async () => {
    const runner = new ProjectionRunner(dropping, db, [counting()], () => {}, { resubscribeDelayMs: () => 0 });
    runner.start();
    await dropping.dropSubscriptions(new StoreUnavailableError('dropped'));
    await runner.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(dropping.subscribedAfter).toEqual([0]);
    expect(runner.interrupted).toBeUndefined();
  });

  it('waits 0.5 s after the first drop, doubling to at most 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map(resubscribeDelayMs)).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});

function fail(): never {
  throw new Error('broken projection');
}
