import {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  type JSONEventData,
  type JSONType,
  type Position,
  type ReadAllOptions as ClientReadAllOptions,
  type ReadStreamOptions as ClientReadStreamOptions,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  AppendResult,
  EventHandler,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { assertAppendable, assertAppendableAll, assertExpectedRevision, canonicalInstant, originalAppend, StoredIdentity } from '../append-rules';
import { AppendOutcomeUnknownError, AppendTooLargeError, ConcurrencyError, StoreAccessDeniedError, StoreUnavailableError } from '../errors';

/** What we put in an ESDB event's metadata: ours, plus the schema version ESDB has no field for. */
type StoredMetadata = EventMetadata & { readonly schemaVersion: number };

const ignore = (): void => undefined;

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb';
  private closed = false;
  private readonly appending = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly client: EventStoreDBClient) {}

  /** e.g. esdb://localhost:2113?tls=false. Connects lazily: an unreachable server fails the first call. */
  static connect(connectionString: string): EventStoreDbEventStore {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      // The client's error carries the whole string, credentials and all, and quotes the part it
      // could not read, which may be the password: say where, and what it expected, only.
      const { location, expected } = error as { location?: [number, number]; expected?: string };
      const where = location === undefined ? '' : ` at character ${location[0] + 1}${expected === undefined ? '' : ` (expected ${expected})`}`;
      throw new Error(`EVENTSTORE_CONNECTION_STRING is not a connection string EventStoreDB's client can read${where}`);
    }
    return new EventStoreDbEventStore(client);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) throw new StoreUnavailableError('The event store is closed');
    assertAppendable(streamId, events);
    // close() must not dispose the client under an append it has accepted.
    const append = this.append(streamId, events, expectedRevision);
    this.appending.add(append);
    try {
      return await append;
    } finally {
      this.appending.delete(append);
    }
  }

  /**
   * EventStoreDB before 25.1 (and this client) has no transaction across streams. Every
   * expectation is checked before the first append, so a conflict known up front stores nothing;
   * one that arises, or a failure, between two appends leaves the earlier streams appended.
   * Repeating the whole call completes it: streams already appended are recognised by event id.
   */
  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) throw new StoreUnavailableError('The event store is closed');
    assertAppendableAll(appends);
    for (const { streamId, events, expectedRevision } of appends) {
      const stored = await this.readStream(streamId);
      if (!originalIn(streamId, events, stored)) assertExpectedRevision(streamId, expectedRevision, stored.at(-1)?.streamRevision);
    }
    const results: AppendResult[] = [];
    for (const { streamId, events, expectedRevision } of appends) results.push(await this.appendToStream(streamId, events, expectedRevision));
    return results;
  }

  private async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    // ESDB guarantees idempotency only for exact expectations; with ANY (and STREAM_EXISTS) it only
    // remembers recent writes, so an older retry would be stored twice unless we look first.
    if (expected === 'any' || expected === 'stream_exists') {
      const original = await this.findOriginal(streamId, events);
      if (original) return original;
    }
    let result;
    try {
      result = await this.client.appendToStream(streamId, events.map(toEventData), {
        expectedRevision: toClientRevision(expected),
      });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return this.resolveConflict(streamId, events, expected, error.actualVersion);
      throw toAppendError(error, streamId);
    }
    // Only reached when the connection string sets throwOnAppendFailure=false; the client's revision is then unreliable.
    if (!result.success) return this.resolveConflict(streamId, events, expected, undefined);

    const nextExpectedRevision = toSafeNumber(result.nextExpectedRevision, 'stream revision');
    // The commit position of an append is that of its last event. An idempotent success (ESDB
    // recognised a retry) may carry no position; the original event then tells us.
    const position = usablePosition(result.position?.commit) ?? (await this.positionOfRevision(streamId, nextExpectedRevision));
    return { nextExpectedRevision, position };
  }

  /** ESDB refused the expectation: either this is a retry of an append already stored, or a real conflict. */
  private async resolveConflict(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    reported: CurrentRevision | undefined,
  ): Promise<AppendResult> {
    const stored = await this.readStream(streamId);
    const original = originalIn(streamId, events, stored);
    if (original) return original;
    const actual =
      reported === undefined
        ? (stored.at(-1)?.streamRevision ?? 'no_stream')
        : reported === NO_STREAM
          ? 'no_stream'
          : toSafeNumber(reported, 'stream revision');
    throw new ConcurrencyError(streamId, expected, actual);
  }

  private async findOriginal(streamId: string, events: readonly NewEvent[]): Promise<AppendResult | undefined> {
    return originalIn(streamId, events, await this.readStream(streamId));
  }

  private async positionOfRevision(streamId: string, revision: number): Promise<number> {
    const [event] = await this.readStream(streamId, { fromRevision: revision, toRevision: revision });
    if (!event) throw new Error(`EventStoreDB acknowledged an append to ${streamId} at revision ${revision} that cannot be read back`);
    return event.position;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    if (to < from) return [];
    const readOptions: ClientReadStreamOptions = { direction: FORWARDS, fromRevision: BigInt(from) };
    if (options.toRevision !== undefined) readOptions.maxCount = BigInt(to - from + 1);
    const read = this.client.readStream(streamId, readOptions);
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of read) {
        const event = toStoredEvent(resolved);
        // Foreign events in our stream would leave a gap in revisions that callers cannot detect.
        if (!event) throw new Error(`${streamId} holds an event this store did not write (${resolved.event?.id ?? 'unknown id'})`);
        if (event.streamRevision > to) break;
        events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toStoreError(error, `read ${streamId}`);
    } finally {
      await release(read);
    }
    return events;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    const after = options.after ?? 0;
    const prefix = options.streamPrefix ?? '';
    const upTo = options.recordedUpTo === undefined ? undefined : canonicalInstant(options.recordedUpTo);
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return;
    let count = 0;
    // Client 6.2 cannot filter readAll on the server (only subscriptions), so system and other
    // streams are skipped here. Writers' clocks may disagree, so recordedUpTo filters rather than stops.
    for await (const resolved of this.scanAll({ direction: FORWARDS, fromPosition: after > 0 ? logPosition(after) : START }, 'read $all')) {
      const event = toStoredEvent(resolved);
      // ESDB reads from a position inclusively; the port's `after` is exclusive.
      if (!event || event.position <= after || !event.streamId.startsWith(prefix)) continue;
      if (upTo !== undefined && event.metadata.recordedAt > upTo) continue;
      yield event;
      if (++count >= limit) return;
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler, onError: (error: unknown) => void = ignore): Subscription {
    const after = options.after ?? 0;
    const prefix = options.streamPrefix ?? '';
    const stream = this.client.subscribeToAll({
      fromPosition: after > 0 ? logPosition(after) : START,
      filter: prefix && !prefix.startsWith('$') ? streamNameFilter({ prefixes: [prefix] }) : excludeSystemEvents(),
    });
    let stopped = false;
    const stop = async (): Promise<void> => {
      stopped = true;
      stream.on('error', ignore);
      // unsubscribe cancels the gRPC call; destroy ends our for-await, which a cancelled call may not.
      await stream.unsubscribe().catch(ignore);
      stream.destroy();
    };

    // for-await pulls the next event only after the handler settles: one at a time, in order.
    const running = (async () => {
      try {
        for await (const resolved of stream) {
          if (stopped) return;
          const event = toStoredEvent(resolved);
          if (!event || event.position <= after || !event.streamId.startsWith(prefix)) continue;
          await handler(event);
        }
        if (!stopped) throw new StoreUnavailableError('The EventStoreDB subscription ended unexpectedly');
      } catch (error) {
        if (stopped) return;
        await stop();
        onError(toStoreError(error, 'subscribe to $all'));
      }
    })();

    const subscription: Subscription = {
      close: async () => {
        this.subscriptions.delete(subscription);
        if (!stopped) await stop();
        await running;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    // The newest records are often system ones (projection links, stats), so walk back to the newest of ours.
    for await (const resolved of this.scanAll({ direction: BACKWARDS, fromPosition: END }, 'read the head of $all')) {
      const event = toStoredEvent(resolved);
      if (event) return event.position;
    }
    return 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // dispose() cancels every open call, including appends the caller is still waiting on.
    await Promise.allSettled([...this.appending]);
    await Promise.allSettled([...this.subscriptions].map((subscription) => subscription.close()));
    await this.client.dispose();
  }

  private async *scanAll(options: ClientReadAllOptions, operation: string): AsyncGenerator<AllStreamResolvedEvent> {
    const read = this.client.readAll(options);
    try {
      for await (const resolved of read) yield resolved;
    } catch (error) {
      throw toStoreError(error, operation);
    } finally {
      await release(read);
    }
  }
}

/** A read we stop early must cancel its gRPC call, and an error it reports later must not crash the process. */
async function release(read: { on(event: 'error', listener: () => void): unknown; cancel(): Promise<void> }): Promise<void> {
  read.on('error', ignore);
  await read.cancel().catch(ignore);
}

function toEventData(event: NewEvent): JSONEventData {
  const metadata: StoredMetadata = {
    ...event.metadata,
    // Canonical ISO strings compare lexically, which recordedUpTo relies on.
    recordedAt: canonicalInstant(event.metadata.recordedAt),
    schemaVersion: event.schemaVersion,
  };
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    // The client JSON.stringifies data; JSONType is narrower than what JSON can carry.
    data: event.data as JSONType,
    metadata: { ...metadata },
  };
}

function toClientRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'any':
      return ANY;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new Error(`Not a stream revision: ${expected}`);
      return BigInt(expected);
  }
}

/** Undefined when this store did not write the record: system events, links and other writers' events. */
function toStoredEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | undefined {
  const recorded = resolved.event;
  if (!recorded || !recorded.isJson || recorded.type.startsWith('$') || recorded.streamId.startsWith('$')) return undefined;
  const stored = recorded.metadata;
  if (!isStoredMetadata(stored)) return undefined;
  const position = usablePosition(recorded.position?.commit ?? resolved.commitPosition);
  if (position === undefined) {
    // Servers before 22.6 do not report positions when reading a single stream.
    throw new Error(`EventStoreDB reported no usable global position for ${recorded.streamId}@${recorded.revision}`);
  }
  const { schemaVersion, userId, role, correlationId, causationId, recordedAt, effectiveAt } = stored;
  return {
    eventId: recorded.id,
    type: recorded.type,
    schemaVersion,
    data: recorded.data,
    metadata: { userId, role, correlationId, causationId, recordedAt, ...(effectiveAt === undefined ? {} : { effectiveAt }) },
    streamId: recorded.streamId,
    streamRevision: toSafeNumber(recorded.revision, 'stream revision'),
    position,
  };
}

function isStoredMetadata(value: unknown): value is StoredMetadata {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) return false;
  const record = value as Record<string, unknown>;
  const strings = ['userId', 'role', 'correlationId', 'causationId', 'recordedAt'];
  return (
    typeof record.schemaVersion === 'number' &&
    strings.every((key) => typeof record[key] === 'string') &&
    (record.effectiveAt === undefined || typeof record.effectiveAt === 'string')
  );
}

/** A retry is recognised within the stream only: ESDB has no index of event ids across streams. */
function originalIn(streamId: string, events: readonly NewEvent[], stored: readonly StoredEvent[]): AppendResult | undefined {
  // ESDB hands ids back in its own (lower-case) form.
  const byId = new Map<string, StoredIdentity>(stored.map((event) => [event.eventId.toLowerCase(), event]));
  return originalAppend(streamId, events, (eventId) => byId.get(eventId.toLowerCase()));
}

/**
 * Our positions are ESDB commit positions (log offsets). Events appended over gRPC have equal commit
 * and prepare positions, so one number addresses one event.
 */
function logPosition(position: number): Position {
  const offset = BigInt(position);
  return { commit: offset, prepare: offset };
}

/** Undefined for "no position": absent, or the -1 / 2^64-1 sentinels older servers send. */
function usablePosition(commit: bigint | undefined): number | undefined {
  if (commit === undefined || commit <= 0n || commit === 0xffff_ffff_ffff_ffffn) return undefined;
  return toSafeNumber(commit, 'global position');
}

function toSafeNumber(value: bigint, what: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new Error(`EventStoreDB returned a ${what} beyond what this store can represent: ${value}`);
  return number;
}

/**
 * An append that was sent and got no answer may have been stored: a deadline (the client's), a
 * dropped connection, a cancelled call, or the server's own commit timeout (ABORTED "Operation
 * timed out", which the client calls TimeoutError; the write can still commit after it). None of
 * these can say "nothing was recorded". A refusal (not the leader, access denied, too large) can.
 */
function toAppendError(error: unknown, streamId: string): unknown {
  if (error instanceof MaxAppendSizeExceededError) {
    return new AppendTooLargeError(`The append to ${streamId} is larger than EventStoreDB takes in one write (${error.maxAppendSize} bytes)`, error.maxAppendSize, error);
  }
  if (error instanceof UnavailableError || error instanceof DeadlineExceededError || error instanceof CancelledError || error instanceof TimeoutError) {
    return new AppendOutcomeUnknownError(`EventStoreDB did not confirm the append to ${streamId}; it may or may not be stored${said(error)}`, error);
  }
  return toStoreError(error, `append to ${streamId}`);
}

function toStoreError(error: unknown, operation: string): unknown {
  if (error instanceof AccessDeniedError) {
    return new StoreAccessDeniedError(`EventStoreDB refused the tracker's account the right to ${operation}${said(error)}`, error);
  }
  const unreachable =
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof NotLeaderError ||
    // The server cancels calls when it shuts down.
    error instanceof CancelledError ||
    (error instanceof Error && error.message.startsWith('Failed to discover'));
  if (!unreachable) return error;
  return new StoreUnavailableError(`EventStoreDB is unavailable (${operation}): ${(error as Error).message}`, error);
}

/** The client's own words, where it has any (its errors made without a gRPC status have none). */
function said(error: Error): string {
  return error.message ? ` (${error.message})` : '';
}
