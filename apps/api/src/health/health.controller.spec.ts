import { InMemoryEventStore, StoreUnavailableError, SubscriptionDroppingStore } from '@tracker/event-store';
import { ProjectionRunner, openReadStore } from '@tracker/read-models';
import type { Witnesses } from '../audit/witnesses/witnesses';
import type { ProgrammeViews } from '../readiness/programme-views';
import { HealthController } from './health.controller';

const metadata = { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00Z' };
const witnesses = { configured: [], health: () => ({ configured: [], pending: 0, failing: 0 }) } as unknown as Witnesses;
const views = { snapshotKeeper: { position: 0 } } as unknown as ProgrammeViews;

describe('health while the event store has ended the projections’ subscription', () => {
  // The pause before subscribing again runs on Jest's clock, moved by hand.
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'performance'] }));
  afterEach(() => jest.useRealTimers());

  it('answers not ready and says why until the projections have subscribed again, then ready', async () => {
    // A test double around the in-memory store, not EventStoreDB: it ends subscriptions when told to.
    const store = new SubscriptionDroppingStore(new InMemoryEventStore());
    const db = openReadStore(':memory:');
    const runner = new ProjectionRunner(store, db, []);
    const health = new HealthController(store, runner, witnesses, views);
    runner.start();
    const { position } = await store.appendToStream('s-1', [{ eventId: crypto.randomUUID(), type: 'Happened', schemaVersion: 1, data: {}, metadata }], 'no_stream');
    expect(await runner.waitFor(position)).toBe(true);
    expect((await health.health()).ready).toBe(true);

    await store.dropSubscriptions(new StoreUnavailableError('EventStoreDB is unavailable (subscribe to $all): 14 UNAVAILABLE: Connection dropped'));
    const down = await health.health();
    expect(down.ready).toBe(false);
    expect(down.projections).toEqual({
      position,
      caughtUp: false,
      problem: `the event store ended the subscription the read models are fed by (EventStoreDB is unavailable (subscribe to $all): 14 UNAVAILABLE: Connection dropped); subscribing again from position ${position} in 0.5 s`,
      resubscribing: { attempt: 1, retryInMs: 500 },
    });

    jest.advanceTimersByTime(500);
    const up = await health.health();
    expect(up.ready).toBe(true);
    expect(up.projections).toEqual({ position, caughtUp: true });
    await runner.stop();
    db.close();
  });
});
