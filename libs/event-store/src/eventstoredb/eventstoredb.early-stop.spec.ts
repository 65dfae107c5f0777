import { Readable } from 'node:stream';
import { status } from '@grpc/grpc-js';
import type { EventStoreDBClient } from '@eventstore/db-client';
// The client's own read stream, so what is tested is how the adapter drives the real thing.
import { ReadStream } from '@eventstore/db-client/dist/streams/utils/ReadStream';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

/**
 * A test double, not EventStoreDB: a gRPC read call that serves records for as long as it is read,
 * and, cancelled, ends as grpc-js ends a call cancelled on the client (CANCELLED, "Cancelled on
 * client"). It counts the calls still open, which a read stopped early must not leave behind.
 */
class FakeReadCalls {
  open = 0;
  opened = 0;

  call(records: number, streamId = (i: number) => `programme-${i % 2}`): ReadStream<unknown> {
    this.opened++;
    this.open++;
    let next = 0;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.open--;
    };
    const grpc = Object.assign(
      new Readable({
        objectMode: true,
        read() {
          if (next >= records) {
            end();
            this.push(null);
            return;
          }
          const i = next++;
          const position = { commit: BigInt(100 * (i + 1)), prepare: BigInt(100 * (i + 1)) };
          const event = {
            streamId: streamId(i),
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            isJson: true,
            revision: BigInt(i),
            type: 'Happened',
            created: new Date(0),
            data: {},
            metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
            position,
          };
          this.push({ hasEvent: () => true, getEvent: () => ({ event, commitPosition: position.commit }) });
        },
      }),
      {
        cancel: () => {
          end();
          grpc.emit('error', Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: status.CANCELLED, details: 'Cancelled on client' }));
          grpc.destroy();
        },
      },
    );
    return new ReadStream(async () => grpc as never, (event: unknown) => event as never, {});
  }
}

describe('eventstoredb adapter: reads stopped early close their gRPC calls (against a fake read call, not a server)', () => {
  let calls: FakeReadCalls;
  let store: EventStoreDbEventStore;
  let disposed: boolean;

  beforeEach(() => {
    calls = new FakeReadCalls();
    disposed = false;
    const client = {
      readAll: () => calls.call(1000),
      readStream: (streamId: string) => calls.call(1000, () => streamId),
      dispose: async () => void (disposed = true),
    };
    store = new EventStoreDbEventStore(client as unknown as EventStoreDBClient);
  });

  const drain = async () => {
    // The client cancels a call on the turn after it is asked to (grpc-node issues 1464, 1652).
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };

  it('readAll with a limit', async () => {
    const read = [];
    for await (const event of store.readAll({ limit: 2 })) read.push(event.position);
    expect(read).toEqual([100, 200]);
    await drain();
    expect(calls).toMatchObject({ opened: 1, open: 0 });
  });

  it('a break out of readAll, as the as-of replay does at its position', async () => {
    for await (const event of store.readAll({ streamPrefix: 'programme-1' })) if (event.position >= 400) break;
    await drain();
    expect(calls).toMatchObject({ opened: 1, open: 0 });
  });

  it('an error thrown by the reader of readAll', async () => {
    await expect(
      (async () => {
        for await (const _ of store.readAll()) throw new Error('the reader gave up');
      })(),
    ).rejects.toThrow('the reader gave up');
    await drain();
    expect(calls.open).toBe(0);
  });

  it('headPosition, which reads one record backwards', async () => {
    expect(await store.headPosition()).toBe(100);
    await drain();
    expect(calls).toMatchObject({ opened: 1, open: 0 });
  });

  it('readStream up to a revision', async () => {
    expect((await store.readStream('programme-9', { toRevision: 2 })).map((e) => e.streamRevision)).toEqual([0, 1, 2]);
    await drain();
    expect(calls).toMatchObject({ opened: 1, open: 0 });
  });

  it('and close() then returns, having disposed of the client', async () => {
    for await (const _ of store.readAll({ limit: 1 }));
    await store.close();
    expect(disposed).toBe(true);
    expect(calls.open).toBe(0);
  });
});
