import { randomUUID } from 'node:crypto';
import { ConcurrencyError } from '../errors';
import { EventMetadata, EventStore, NewEvent, StoredEvent } from '../event-store.port';

export interface ContractSubject {
  readonly store: EventStore;
  /** True when the store starts empty (a shared server holds other runs' events). */
  readonly startsEmpty: boolean;
  dispose(): Promise<void>;
}

/**
 * The one suite every adapter passes. Stream ids carry a per-test prefix so that it can also run
 * against a long-lived EventStoreDB server.
 */
export function describeEventStoreContract(name: string, open: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let prefix: string;
    let clock: number;

    const stream = (suffix: string) => `${prefix}${suffix}`;
    const metadata = (overrides: Partial<EventMetadata> = {}): EventMetadata => ({
      userId: 'user-1',
      role: 'adviser',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      recordedAt: new Date(clock++ * 1000).toISOString(),
      ...overrides,
    });
    const event = (type = 'ThingHappened', data: unknown = { n: 1 }, overrides: Partial<NewEvent> = {}): NewEvent => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      data,
      metadata: metadata(),
      ...overrides,
    });
    const collect = async (iterable: AsyncIterable<StoredEvent>) => {
      const events: StoredEvent[] = [];
      for await (const e of iterable) events.push(e);
      return events;
    };

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      prefix = `t${randomUUID().slice(0, 8)}-`;
      clock = Date.parse('2026-01-01T00:00:00Z') / 1000;
    });
    afterEach(async () => subject.dispose());

    describe('appending', () => {
      it('stores every field and reads it back', async () => {
        const appended = event('ProgrammeRegistered', { name: 'Northshire', nested: { list: [1, 'two'] } }, {
          metadata: metadata({ effectiveAt: '2025-12-01T09:00:00.000Z' }),
        });
        const result = await store.appendToStream(stream('a'), [appended], 'no_stream');

        expect(result.nextExpectedRevision).toBe(0);
        expect(result.position).toBeGreaterThan(0);
        const [stored] = await store.readStream(stream('a'));
        expect(stored).toEqual({ ...appended, streamId: stream('a'), streamRevision: 0, position: result.position });
      });

      it('appends several events atomically with consecutive revisions', async () => {
        const result = await store.appendToStream(stream('a'), [event(), event(), event()], 'no_stream');
        expect(result.nextExpectedRevision).toBe(2);
        const stored = await store.readStream(stream('a'));
        expect(stored.map((e) => e.streamRevision)).toEqual([0, 1, 2]);
        expect(stored[2].position).toBe(result.position);
        expect(stored[0].position).toBeLessThan(stored[1].position);
      });

      it('accepts an exact expected revision and refuses a stale one, naming stream, expected and actual', async () => {
        await store.appendToStream(stream('a'), [event(), event()], 'no_stream');
        await expect(store.appendToStream(stream('a'), [event()], 1)).resolves.toMatchObject({ nextExpectedRevision: 2 });

        const refusal = store.appendToStream(stream('a'), [event()], 1);
        await expect(refusal).rejects.toBeInstanceOf(ConcurrencyError);
        await expect(refusal).rejects.toMatchObject({ streamId: stream('a'), expected: 1, actual: 2 });
        expect(await store.readStream(stream('a'))).toHaveLength(3);
      });

      it('refuses no_stream when the stream exists', async () => {
        await store.appendToStream(stream('a'), [event()], 'no_stream');
        await expect(store.appendToStream(stream('a'), [event()], 'no_stream')).rejects.toMatchObject({
          streamId: stream('a'),
          expected: 'no_stream',
          actual: 0,
        });
        expect(await store.readStream(stream('a'))).toHaveLength(1);
      });

      it('refuses stream_exists and an exact revision when there is no stream', async () => {
        await expect(store.appendToStream(stream('a'), [event()], 'stream_exists')).rejects.toMatchObject({
          expected: 'stream_exists',
          actual: 'no_stream',
        });
        await expect(store.appendToStream(stream('a'), [event()], 0)).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream('a'))).toEqual([]);
      });

      it('accepts stream_exists and any when they hold', async () => {
        await expect(store.appendToStream(stream('a'), [event()], 'any')).resolves.toMatchObject({ nextExpectedRevision: 0 });
        await expect(store.appendToStream(stream('a'), [event()], 'stream_exists')).resolves.toMatchObject({
          nextExpectedRevision: 1,
        });
        await expect(store.appendToStream(stream('a'), [event()], 'any')).resolves.toMatchObject({ nextExpectedRevision: 2 });
      });

      it('stores a retried append once and answers with the original result', async () => {
        const events = [event(), event()];
        const first = await store.appendToStream(stream('a'), events, 'no_stream');
        await store.appendToStream(stream('a'), [event()], 1);

        const retry = await store.appendToStream(stream('a'), events, 'no_stream');

        expect(retry).toEqual(first);
        const stored = await store.readStream(stream('a'));
        expect(stored.map((e) => e.eventId)).toEqual([...events.map((e) => e.eventId), stored[2].eventId]);
      });

      it('lets exactly one of two racing writers with the same expected revision win', async () => {
        await store.appendToStream(stream('a'), [event()], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.appendToStream(stream('a'), [event('A')], 0),
          store.appendToStream(stream('a'), [event('B')], 0),
        ]);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream('a'))).toHaveLength(2);
      });

      it('keeps concurrent appends to different streams independent', async () => {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => store.appendToStream(stream(`s${i}`), [event()], 'no_stream')),
        );
        expect(new Set(results.map((r) => r.position)).size).toBe(20);
        for (let i = 0; i < 20; i++) expect(await store.readStream(stream(`s${i}`))).toHaveLength(1);
      });
    });

    describe('appending to several streams', () => {
      it('stores the events of every stream and answers for each in the order given', async () => {
        await store.appendToStream(stream('b'), [event()], 'no_stream');
        const results = await store.appendToStreams([
          { streamId: stream('a'), events: [event(), event()], expectedRevision: 'no_stream' },
          { streamId: stream('b'), events: [event()], expectedRevision: 0 },
        ]);

        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1]);
        // In the order appended, the last at the position answered: positions need not be dense (EventStoreDB's are offsets).
        const positions = (await store.readStream(stream('a'))).map((e) => e.position);
        expect(positions).toHaveLength(2);
        expect(positions[0]).toBeLessThan(positions[1]);
        expect(positions[1]).toBe(results[0].position);
        expect((await store.readStream(stream('b'))).at(-1)?.position).toBe(results[1].position);
      });

      it('stores nothing at all when one stream is not at its expected revision', async () => {
        await store.appendToStream(stream('b'), [event()], 'no_stream');
        const refusal = store.appendToStreams([
          { streamId: stream('a'), events: [event()], expectedRevision: 'no_stream' },
          { streamId: stream('b'), events: [event()], expectedRevision: 'no_stream' },
        ]);

        await expect(refusal).rejects.toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(stream('a'))).toEqual([]);
        expect(await store.readStream(stream('b'))).toHaveLength(1);
      });

      it('treats a repeat of the whole call as a retry and stores nothing twice', async () => {
        const appends = [
          { streamId: stream('a'), events: [event()], expectedRevision: 'no_stream' as const },
          { streamId: stream('b'), events: [event()], expectedRevision: 'no_stream' as const },
        ];
        const first = await store.appendToStreams(appends);

        await expect(store.appendToStreams(appends)).resolves.toEqual(first);
        expect(await store.readStream(stream('a'))).toHaveLength(1);
      });

      it('refuses a call that names a stream twice, storing nothing', async () => {
        const twice = store.appendToStreams([
          { streamId: stream('a'), events: [event()], expectedRevision: 'any' },
          { streamId: stream('a'), events: [event()], expectedRevision: 'any' },
        ]);

        await expect(twice).rejects.toThrow(/twice/);
        expect(await store.readStream(stream('a'))).toEqual([]);
      });
    });

    describe('reading', () => {
      it('reads a stream between revisions, and nothing for a missing stream', async () => {
        await store.appendToStream(stream('a'), [event(), event(), event(), event()], 'no_stream');
        const middle = await store.readStream(stream('a'), { fromRevision: 1, toRevision: 2 });
        expect(middle.map((e) => e.streamRevision)).toEqual([1, 2]);
        expect((await store.readStream(stream('a'), { fromRevision: 3 })).map((e) => e.streamRevision)).toEqual([3]);
        expect(await store.readStream(stream('missing'))).toEqual([]);
      });

      it('reads all events in global order, after a position, by stream prefix, and up to a recorded time', async () => {
        await store.appendToStream(stream('x-1'), [event('One')], 'no_stream');
        const cut = await store.appendToStream(stream('y-1'), [event('Two')], 'no_stream');
        await store.appendToStream(stream('x-2'), [event('Three'), event('Four')], 'no_stream');

        const all = await collect(store.readAll({ streamPrefix: prefix }));
        expect(all.map((e) => e.type)).toEqual(['One', 'Two', 'Three', 'Four']);
        expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((a, b) => a - b));

        expect((await collect(store.readAll({ streamPrefix: prefix, after: cut.position }))).map((e) => e.type)).toEqual([
          'Three',
          'Four',
        ]);
        expect((await collect(store.readAll({ streamPrefix: stream('x-') }))).map((e) => e.type)).toEqual([
          'One',
          'Three',
          'Four',
        ]);
        expect((await collect(store.readAll({ streamPrefix: prefix, limit: 3 }))).map((e) => e.type)).toEqual([
          'One',
          'Two',
          'Three',
        ]);
        const upTo = all[1].metadata.recordedAt;
        expect((await collect(store.readAll({ streamPrefix: prefix, recordedUpTo: upTo }))).map((e) => e.type)).toEqual([
          'One',
          'Two',
        ]);
      });

      it('reports the head position', async () => {
        if (subject.startsEmpty) expect(await store.headPosition()).toBe(0);
        const result = await store.appendToStream(stream('a'), [event(), event()], 'no_stream');
        expect(await store.headPosition()).toBe(result.position);
      });
    });

    describe('subscribing', () => {
      it('catches up from a checkpoint, then delivers live events in order', async () => {
        const first = await store.appendToStream(stream('a'), [event('Before')], 'no_stream');
        await store.appendToStream(stream('a'), [event('AfterCheckpoint')], 0);

        const seen: StoredEvent[] = [];
        let notify: () => void = () => {};
        const twoMore = new Promise<void>((resolve) => (notify = () => seen.length >= 3 && resolve()));
        const subscription = store.subscribeToAll({ after: first.position, streamPrefix: prefix }, (e) => {
          seen.push(e);
          notify();
        });
        try {
          await store.appendToStream(stream('b'), [event('Live1')], 'no_stream');
          await store.appendToStream(stream('a'), [event('Live2')], 1);
          await twoMore;
          expect(seen.map((e) => e.type)).toEqual(['AfterCheckpoint', 'Live1', 'Live2']);
        } finally {
          await subscription.close();
        }
      });

      it('stops on close and reports a handler failure', async () => {
        await store.appendToStream(stream('a'), [event()], 'no_stream');
        const failure = new Promise<unknown>((resolve) => {
          const subscription = store.subscribeToAll(
            { streamPrefix: prefix },
            () => {
              throw new Error('projection broke');
            },
            (error) => {
              void subscription.close();
              resolve(error);
            },
          );
        });
        expect(await failure).toMatchObject({ message: 'projection broke' });
      });
    });
  });
}
