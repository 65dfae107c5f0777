import {
  AppendResult,
  EventHandler,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { assertAppendable, assertExpectedRevision, canonicalInstant, maxInstant, originalAppend } from '../append-rules';
import { AppendSignal, catchUpSubscription } from '../catch-up-subscription';
import { StoreUnavailableError } from '../errors';

/** For unit tests: the same semantics as the durable stores, kept in an array. */
export class InMemoryEventStore implements EventStore {
  readonly kind = 'memory';
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly signal = new AppendSignal();
  private closed = false;

  async appendToStream(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) throw new StoreUnavailableError('The event store is closed');
    assertAppendable(streamId, events);
    const retry = originalAppend(streamId, events, (id) => this.byId.get(id));
    if (retry) return retry;

    const stream = this.streams.get(streamId) ?? [];
    assertExpectedRevision(streamId, expectedRevision, stream.length === 0 ? undefined : stream.length - 1);

    let recordedFloor = this.log.at(-1)?.metadata.recordedAt ?? '';
    const stored = events.map((event, index): StoredEvent => {
      const recordedAt = maxInstant(canonicalInstant(event.metadata.recordedAt), recordedFloor);
      recordedFloor = recordedAt;
      return {
        ...structuredClone(event),
        metadata: { ...event.metadata, recordedAt },
        streamId,
        streamRevision: stream.length + index,
        position: this.log.length + index + 1,
      };
    });
    for (const event of stored) {
      this.log.push(event);
      this.byId.set(event.eventId, event);
    }
    this.streams.set(streamId, [...stream, ...stored]);
    this.signal.notify();
    const last = stored[stored.length - 1];
    return { nextExpectedRevision: last.streamRevision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = options.fromRevision ?? 0;
    const to = options.toRevision ?? Number.MAX_SAFE_INTEGER;
    return (this.streams.get(streamId) ?? []).filter((e) => e.streamRevision >= from && e.streamRevision <= to).map(copy);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    let count = 0;
    for (const event of this.log) {
      if (options.limit !== undefined && count >= options.limit) return;
      if (event.position <= (options.after ?? 0)) continue;
      if (options.streamPrefix && !event.streamId.startsWith(options.streamPrefix)) continue;
      if (options.recordedUpTo && event.metadata.recordedAt > canonicalInstant(options.recordedUpTo)) return;
      count++;
      yield copy(event);
    }
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler, onError: (error: unknown) => void = () => {}): Subscription {
    const prefix = options.streamPrefix ?? '';
    return catchUpSubscription(
      {
        readPage: (after, limit) =>
          this.log.filter((e) => e.position > after && e.streamId.startsWith(prefix)).slice(0, limit).map(copy),
        waitForAppend: (timeoutMs) => this.signal.wait(timeoutMs),
      },
      options.after ?? 0,
      handler,
      onError,
    );
  }

  async headPosition(): Promise<number> {
    return this.log.at(-1)?.position ?? 0;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

function copy(event: StoredEvent): StoredEvent {
  return structuredClone(event);
}
