import {
  AppendResult,
  EventHandler,
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
import { assertAppendableAll, assertExpectedRevision, canonicalInstant, maxInstant, originalAppend } from '../append-rules';
import { AppendSignal, catchUpSubscription } from '../catch-up-subscription';
import { StoreUnavailableError } from '../errors';

/**
 * For tests: the same semantics as the durable stores, kept in an array. Positions are 1, 2, 3 …
 * by default; with `positions: 'byte-offsets'` they grow by each event's size, with gaps between
 * them as EventStoreDB's do (its positions are offsets in its log), so nothing may read a position
 * as a count of events.
 */
export class InMemoryEventStore implements EventStore {
  readonly kind = 'memory';
  constructor(private readonly options: { readonly positions?: 'dense' | 'byte-offsets' } = {}) {}

  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly byId = new Map<string, StoredEvent>();
  private readonly signal = new AppendSignal();
  private closed = false;

  async appendToStream(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, expectedRevision }]);
    return result;
  }

  async appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) throw new StoreUnavailableError('The event store is closed');
    assertAppendableAll(appends);
    const originals = appends.map(({ streamId, events }) => originalAppend(streamId, events, (id) => this.byId.get(id)));
    if (originals.every((original) => original !== undefined)) return originals as AppendResult[];
    // Check every expectation before storing anything: all streams or none.
    for (const { streamId, expectedRevision } of appends) {
      const length = this.streams.get(streamId)?.length ?? 0;
      assertExpectedRevision(streamId, expectedRevision, length === 0 ? undefined : length - 1);
    }
    const results = appends.map(({ streamId, events }) => this.store(streamId, events));
    this.signal.notify();
    return results;
  }

  private store(streamId: string, events: readonly NewEvent[]): AppendResult {
    const stream = this.streams.get(streamId) ?? [];
    let recordedFloor = this.log.at(-1)?.metadata.recordedAt ?? '';
    let position = this.log.at(-1)?.position ?? 0;
    const stored = events.map((event, index): StoredEvent => {
      const recordedAt = maxInstant(canonicalInstant(event.metadata.recordedAt), recordedFloor);
      recordedFloor = recordedAt;
      position += this.options.positions === 'byte-offsets' ? 64 + JSON.stringify(event).length : 1;
      return {
        ...structuredClone(event),
        metadata: { ...event.metadata, recordedAt },
        streamId,
        streamRevision: stream.length + index,
        position,
      };
    });
    for (const event of stored) {
      this.log.push(event);
      this.byId.set(event.eventId, event);
    }
    this.streams.set(streamId, [...stream, ...stored]);
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
