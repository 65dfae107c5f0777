/**
 * The event store port: the only way anything in the tracker reads or writes events.
 *
 * Stream revisions count from 0 within a stream. Global positions are strictly increasing
 * across the whole store (they may have gaps: EventStoreDB positions are log offsets).
 */

/** Who, when and why: travels with every event, set from the request context. */
export interface EventMetadata {
  readonly userId: string;
  readonly role: string;
  readonly correlationId: string;
  readonly causationId: string;
  /**
   * ISO-8601 instant the fact was recorded. The embedded stores keep it non-decreasing in global
   * order (raising a time that would run backwards); EventStoreDB with several writers cannot.
   */
  readonly recordedAt: string;
  /** ISO-8601 instant the fact became true, where that differs from when it was recorded. */
  readonly effectiveAt?: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUID; appending an id that is already stored is a retry and stores nothing. */
  readonly eventId: string;
  readonly type: Type;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

export interface StoredEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  readonly streamId: string;
  readonly streamRevision: number;
  readonly position: number;
}

/** What the writer believes the stream looks like. */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | number;

/** One stream's part of an append to several streams. */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event appended (or of the original, for a retry). */
  readonly nextExpectedRevision: number;
  /** Global position of that event. */
  readonly position: number;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive); default 0. */
  readonly fromRevision?: number;
  /** Last revision to return (inclusive); default the end of the stream. */
  readonly toRevision?: number;
}

export interface ReadAllOptions {
  /** Return events strictly after this position; default from the beginning. */
  readonly after?: number;
  /** Only streams whose id starts with this. */
  readonly streamPrefix?: string;
  /** Only events recorded at or before this instant (ISO-8601). */
  readonly recordedUpTo?: string;
  /** Stop after this many events. */
  readonly limit?: number;
}

export type EventHandler = (event: StoredEvent) => void | Promise<void>;

export interface SubscribeOptions {
  /** Deliver events strictly after this position (the subscriber's checkpoint). */
  readonly after?: number;
  readonly streamPrefix?: string;
}

export interface Subscription {
  /** Stop delivering; resolves once no handler call is in flight. */
  close(): Promise<void>;
}

export interface EventStore {
  /** A name for logs and health, e.g. "sqlite". */
  readonly kind: string;

  /**
   * Appends atomically: all events or none. Throws {@link ConcurrencyError} when the stream is not at
   * the expected revision. Resolves only once the events are durably stored.
   */
  appendToStream(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;

  /**
   * Appends to several distinct streams as one: every stream's events or none, with a result per
   * stream in the order given. Throws {@link ConcurrencyError} for a stream not at its expected
   * revision. The embedded stores commit it in one transaction; EventStoreDB (before 25.1) has no
   * transaction across streams, so its adapter appends stream by stream (see there).
   */
  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]>;

  /** The stream's events in revision order; empty if the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /** Every event in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;

  /**
   * Catches up from the checkpoint, then delivers new events as they are stored, one at a time in
   * global order. A handler that throws stops the subscription and reports through onError.
   */
  subscribeToAll(options: SubscribeOptions, handler: EventHandler, onError?: (error: unknown) => void): Subscription;

  /** Position of the newest stored event, 0 for an empty store. */
  headPosition(): Promise<number>;

  /** Closes the store once appends already accepted are stored. */
  close(): Promise<void>;
}
