import pino from 'pino';
import { Command, Decider, DomainEvent, IllegalStateError } from '@tracker/domain';
import { AppendResult, EventStore, ExpectedRevision, InMemoryEventStore, NewEvent } from '@tracker/event-store';
import { ProjectionRunner, openReadStore } from '@tracker/read-models';
import { CommandRunner, PreconditionFailedError } from './command-runner';
import { RequestContext } from './request-context';

type Add = Command<'Add', { amount: number }>;
type Added = DomainEvent<'Added', { amount: number; total: number }>;
const counter: Decider<{ total: number }, Add, Added> = {
  initialState: () => ({ total: 0 }),
  decide: (command, state) => {
    if (command.data.amount === 0) return [];
    if (state.total + command.data.amount > 10) throw new IllegalStateError('The total may not pass 10');
    return [{ type: 'Added', data: { amount: command.data.amount, total: state.total + command.data.amount } }];
  },
  evolve: (_, event) => ({ total: event.data.total }),
  schemaVersions: { Added: 2 },
};
const add = (amount: number): Omit<Add, 'metadata'> => ({ type: 'Add', data: { amount } });
const context = (overrides: Partial<RequestContext> = {}): RequestContext => ({
  userId: 'user-7',
  role: 'adviser',
  correlationId: 'corr-1',
  causationId: 'request:1',
  ...overrides,
});

/** Lets a test slip another writer's append in just before the runner's own. */
class InterferingStore extends InMemoryEventStore {
  interfereTimes = 0;

  override async appendToStream(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.interfereTimes > 0) {
      this.interfereTimes--;
      const rival = { ...events[0], eventId: crypto.randomUUID(), data: { amount: 1, total: 5 } };
      await super.appendToStream(streamId, [rival], 'any');
    }
    return super.appendToStream(streamId, events, expected);
  }
}

describe('command runner', () => {
  let store: InterferingStore;
  let projections: ProjectionRunner;
  let runner: CommandRunner;
  const now = '2026-11-22T10:00:00.000Z';

  beforeEach(() => {
    store = new InterferingStore();
    projections = new ProjectionRunner(store, openReadStore(':memory:'), []);
    projections.start();
    runner = new CommandRunner(store as EventStore, () => now, pino({ level: 'silent' }), projections);
  });
  afterEach(() => projections.stop());

  it('appends the decided events with who, when and why from the request context', async () => {
    const result = await runner.run(counter, 'counter-1', add(3), context(), '2026-11-01T00:00:00.000Z');

    expect(result.version).toBe(1);
    expect(await store.readStream('counter-1')).toEqual([
      expect.objectContaining({
        type: 'Added',
        schemaVersion: 2,
        data: { amount: 3, total: 3 },
        metadata: {
          userId: 'user-7',
          role: 'adviser',
          correlationId: 'corr-1',
          causationId: 'request:1',
          recordedAt: now,
          effectiveAt: '2026-11-01T00:00:00.000Z',
        },
      }),
    ]);
    expect(projections.position).toBe(result.position);
  });

  it('decides on the current state', async () => {
    await runner.run(counter, 'counter-1', add(6), context());
    await expect(runner.run(counter, 'counter-1', add(6), context())).rejects.toThrow(IllegalStateError);
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('writes nothing and keeps the version when the decider decides nothing', async () => {
    await runner.run(counter, 'counter-1', add(1), context());
    expect(await runner.run(counter, 'counter-1', add(0), context())).toMatchObject({ version: 1 });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('refuses a stale If-Match before deciding, writing nothing', async () => {
    await runner.run(counter, 'counter-1', add(1), context());
    const stale = runner.run(counter, 'counter-1', add(1), context({ expectedVersion: 0 }));
    await expect(stale).rejects.toEqual(new PreconditionFailedError(0, 1));
    await expect(runner.run(counter, 'counter-1', add(1), context({ expectedVersion: 1 }))).resolves.toMatchObject({ version: 2 });
  });

  it('answers 412 rather than retrying when a rival writes between read and append under If-Match', async () => {
    await runner.run(counter, 'counter-1', add(1), context());
    store.interfereTimes = 1;
    await expect(runner.run(counter, 'counter-1', add(1), context({ expectedVersion: 1 }))).rejects.toEqual(
      new PreconditionFailedError(1, 2),
    );
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('re-reads and re-decides after a conflict when no version was given', async () => {
    await runner.run(counter, 'counter-1', add(1), context());
    store.interfereTimes = 2;
    const result = await runner.run(counter, 'counter-1', add(1), context());

    expect(result.version).toBe(4);
    const events = await store.readStream('counter-1');
    // The last decision saw the rival's total of 5; a decision on stale state would have written 2.
    expect(events.map((e) => (e.data as { total: number }).total)).toEqual([1, 5, 5, 6]);
  });

  it('gives up after a bounded number of conflicts, writing nothing of its own', async () => {
    store.interfereTimes = 100;
    await expect(runner.run(counter, 'counter-1', add(1), context())).rejects.toThrow('Too many people are changing this at once');
    expect((await store.readStream('counter-1')).every((e) => (e.data as { total: number }).total === 5)).toBe(true);
  });

  it('answers a retried request with the same Idempotency-Key with the first result, recording nothing new', async () => {
    const first = await runner.run(counter, 'counter-1', add(2), context({ idempotencyKey: 'k-1' }));
    await runner.run(counter, 'counter-1', add(3), context());
    const retry = await runner.run(counter, 'counter-1', add(2), context({ idempotencyKey: 'k-1' }));

    expect(retry).toEqual(first);
    expect(await store.readStream('counter-1')).toHaveLength(2);
  });

  it('answers the position of a batch larger than a spread argument list can hold, having recorded it all', async () => {
    // 130,000 streams: Math.max(...positions) threw RangeError here, after the commit.
    const batch = Array.from({ length: 130_000 }, (_, i) => ({ streamId: `counter-${i}`, command: add(1) }));
    const outcome = await runner.runAll(counter, batch, context());
    expect(outcome).toMatchObject({ position: await store.headPosition() });
    expect(await store.headPosition()).toBeGreaterThanOrEqual(130_000);
  }, 120_000);
});
