import { Readable } from 'node:stream';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  type EventStoreDBClient,
} from '@eventstore/db-client';
import { AppendOutcomeUnknownError, AppendTooLargeError, StoreAccessDeniedError, StoreUnavailableError } from '../errors';
import type { NewEvent } from '../event-store.port';
import { EventStoreDbEventStore } from './eventstoredb.event-store';

/** As grpc-js reports a call's end. */
const grpcStatus = (code: status, details: string): ServiceError =>
  Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });

const event: NewEvent = {
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'Happened',
  schemaVersion: 1,
  data: {},
  metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00.000Z' },
};

/** A test double, not EventStoreDB: a client whose appends fail with the error given, from the client's own classes. */
const storeFailingWith = (error: Error) =>
  new EventStoreDbEventStore({
    appendToStream: async () => {
      throw error;
    },
    dispose: async () => undefined,
  } as unknown as EventStoreDBClient);

describe('eventstoredb adapter: what a failed append means (a fake client throwing the client’s own errors, not a server)', () => {
  it.each([
    ['the client’s deadline passed', new DeadlineExceededError(grpcStatus(status.DEADLINE_EXCEEDED, 'Deadline exceeded'))],
    ['the connection dropped', new UnavailableError(grpcStatus(status.UNAVAILABLE, 'Connection dropped'))],
    ['the call was cancelled (the server shutting down)', new CancelledError(grpcStatus(status.CANCELLED, 'Call cancelled'))],
    ['the server’s own commit timed out', new TimeoutError(grpcStatus(status.ABORTED, 'Operation timed out'))],
  ])('the outcome is unknown when %s after the append was sent', async (_, error) => {
    const refusal = await storeFailingWith(error).appendToStream('s-1', [event], 'no_stream').catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppendOutcomeUnknownError);
    expect(refusal).toMatchObject({ code: 'OUTCOME_UNKNOWN', cause: error });
    expect((refusal as Error).message).toContain('may or may not be stored');
  });

  it('a follower’s refusal stored nothing: the store is unavailable', async () => {
    const error = new NotLeaderError(Object.assign(grpcStatus(status.NOT_FOUND, 'Leader info available'), {
      metadata: Object.assign(new Metadata(), { getMap: () => ({ 'leader-endpoint-host': 'node2', 'leader-endpoint-port': '2113' }) }),
    }));
    await expect(storeFailingWith(error).appendToStream('s-1', [event], 'no_stream')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('access denied is the account’s rights, not an internal error', async () => {
    const error = new AccessDeniedError(grpcStatus(status.PERMISSION_DENIED, 'Access denied'));
    await expect(storeFailingWith(error).appendToStream('s-1', [event], 'no_stream')).rejects.toMatchObject({
      constructor: StoreAccessDeniedError,
      code: 'STORE_ACCESS_DENIED',
    });
  });

  it('an append over the server’s size limit says the limit', async () => {
    const error = new MaxAppendSizeExceededError(undefined, 1_048_576);
    await expect(storeFailingWith(error).appendToStream('s-1', [event], 'no_stream')).rejects.toMatchObject({
      constructor: AppendTooLargeError,
      code: 'APPEND_TOO_LARGE',
      maxBytes: 1_048_576,
    });
  });
});

describe('eventstoredb adapter: a connection string it cannot read', () => {
  it.each(['esdb://admin:s3cr3t@localhost:2113?tls=maybe', 'esdb://admin:s3cr%t@localhost:2113', 'esdb://admin:s3cr3t@localhost:s3cr3t'])(
    'is refused without its credentials in the error (%s)',
    (connectionString) => {
      const refusal = (() => {
        try {
          EventStoreDbEventStore.connect(connectionString);
        } catch (error) {
          return error as Error;
        }
      })();
      expect(refusal?.message).toMatch(/^EVENTSTORE_CONNECTION_STRING is not a connection string EventStoreDB's client can read/);
      // Nothing a logger would print: neither the message, nor any property of the error.
      expect(JSON.stringify({ ...refusal, message: refusal?.message })).not.toMatch(/s3cr|admin/);
    },
  );
});

describe('eventstoredb adapter: an account without the rights to read $all (a fake client, not a server)', () => {
  const denied = () => new AccessDeniedError(grpcStatus(status.PERMISSION_DENIED, 'Access denied'));
  /** A call that the server ends at once with the error, as it does a read it refuses. */
  const refusedCall = () =>
    Object.assign(
      new Readable({
        objectMode: true,
        read() {
          this.destroy(denied());
        },
      }),
      { cancel: async () => undefined, unsubscribe: async () => undefined },
    );
  const store = new EventStoreDbEventStore({ readAll: refusedCall, subscribeToAll: refusedCall, dispose: async () => undefined } as unknown as EventStoreDBClient);

  it('is told so when it reads $all', async () => {
    await expect((async () => {
      for await (const _ of store.readAll());
    })()).rejects.toMatchObject({ constructor: StoreAccessDeniedError, message: expect.stringContaining('the right to read $all') });
  });

  it('is told so when its subscription is refused, through onError, which the projections take up again', async () => {
    const refusal = await new Promise((resolve) => store.subscribeToAll({}, () => undefined, resolve));
    expect(refusal).toMatchObject({ constructor: StoreAccessDeniedError, message: expect.stringContaining('the right to subscribe to $all') });
  });
});
