import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';
import { AppendResult, ExpectedRevision, NewEvent, StreamAppend } from '../event-store.port';
import { assertExpectedRevision, canonicalInstant, maxInstant, originalAppend, StoredIdentity } from '../append-rules';
import { ConcurrencyError } from '../errors';
import type { WriterAnswer, WriterMessage } from './sqlite-writer.thread';

/**
 * An event as it goes to the writer: its data already JSON, its recorded time already canonical,
 * so the writer (perhaps on another thread) only stores. Plain data, so it crosses threads as is.
 */
export interface WriteEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly metadata: NewEvent['metadata'];
  readonly recordedAt: string;
}

export interface WriteAppend {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly WriteEvent[];
}

/** One caller's append (to one stream, or to several that succeed or fail together). */
export type WriteRequest = readonly WriteAppend[];

/** An error as it crosses back: a conflict keeps its three facts, anything else its code and message. */
export type WriteError =
  | { readonly conflict: { readonly streamId: string; readonly expected: ExpectedRevision; readonly actual: number | 'no_stream' } }
  | { readonly code?: string; readonly message: string };

export type WriteOutcome = { readonly ok: true; readonly results: AppendResult[] } | { readonly ok: false; readonly error: WriteError };

/** A group's answer: each caller's outcome and the recorded-time floor reached, or the commit's own failure. */
export type WriteReply =
  | { readonly outcomes: readonly WriteOutcome[]; readonly recordedFloor: string }
  | { readonly commitFailed: WriteError };

export function toWriteAppend({ streamId, expectedRevision, events }: StreamAppend): WriteAppend {
  return {
    streamId,
    expectedRevision,
    events: events.map((event) => ({
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: JSON.stringify(event.data),
      metadata: event.metadata,
      recordedAt: canonicalInstant(event.metadata.recordedAt),
    })),
  };
}

export function toWriteError(error: unknown): WriteError {
  if (error instanceof ConcurrencyError) return { conflict: { streamId: error.streamId, expected: error.expected, actual: error.actual } };
  const code = (error as { code?: unknown }).code;
  return { ...(typeof code === 'string' ? { code } : {}), message: error instanceof Error ? error.message : String(error) };
}

/** The error a caller sees, whichever thread it was made on: a ConcurrencyError stays one. */
export function fromWriteError(error: WriteError): Error {
  if ('conflict' in error) return new ConcurrencyError(error.conflict.streamId, error.conflict.expected, error.conflict.actual);
  return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}

/**
 * The append path of the SQLite store: one group of callers' appends in one transaction, each in
 * its own savepoint so that one conflict fails only its own append, committed with the
 * connection's synchronous=FULL sync. It runs on the store's own connection (from TypeScript
 * source, in tests) or on a connection of its own in the writer thread (sqlite-writer.thread.ts),
 * where the sync does not hold up the event loop.
 */
export class SqliteWriter {
  private readonly statements: {
    insert: Database.Statement;
    streamRevision: Database.Statement<[string], { revision: number | null }>;
    byEventId: Database.Statement<[string], StoredIdentity>;
  };

  /** Runs work in a transaction, or in a savepoint when called inside one. Built once rather than per append. */
  private readonly transaction: <T>(work: () => T) => T;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insert: db.prepare(
        `INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      streamRevision: db.prepare('SELECT MAX(stream_revision) AS revision FROM events WHERE stream_id = ?'),
      byEventId: db.prepare('SELECT stream_id AS streamId, stream_revision AS streamRevision, position FROM events WHERE event_id = ?'),
    };
    this.transaction = db.transaction((work: () => never) => work()) as unknown as <T>(work: () => T) => T;
  }

  /** Stores a group; recorded time never runs backwards from `lastRecordedAt`. */
  write(batch: readonly WriteRequest[], lastRecordedAt: string): WriteReply {
    let recordedFloor = lastRecordedAt;
    const appendAll = (request: WriteRequest): AppendResult[] =>
      request.map((append) => {
        const appended = this.appendOne(append, recordedFloor);
        recordedFloor = appended.recordedFloor;
        return appended.result;
      });
    try {
      const outcomes =
        batch.length === 1
          ? // Alone in its group, an append needs no savepoint: its failure rolls back the whole transaction.
            [this.attempt(batch[0], () => this.transaction(() => appendAll(batch[0])))]
          : this.transaction(() =>
              // The nested transaction is a savepoint: a failed append leaves the rest of the group intact.
              batch.map((request) => this.attempt(request, () => this.transaction(() => appendAll(request)))),
            );
      return { outcomes, recordedFloor };
    } catch (error) {
      // The commit itself failed (disk full, read-only file, I/O error): nothing in the group was stored.
      return { commitFailed: toWriteError(error) };
    }
  }

  /**
   * A retried append fails like a conflict (its revision is taken) or on the unique event id;
   * only then do we look its ids up, so the common path pays for no extra query.
   */
  private attempt(request: WriteRequest, append: () => AppendResult[]): WriteOutcome {
    try {
      return { ok: true, results: append() };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) && !isDuplicateEventId(error)) return { ok: false, error: toWriteError(error) };
      try {
        const originals = request.map(({ streamId, events }) =>
          originalAppend(streamId, events as unknown as NewEvent[], (id) => this.statements.byEventId.get(id)),
        );
        return originals.every((original) => original !== undefined)
          ? { ok: true, results: originals as AppendResult[] }
          : { ok: false, error: toWriteError(error) };
      } catch (lookupError) {
        return { ok: false, error: toWriteError(lookupError) };
      }
    }
  }

  private appendOne(append: WriteAppend, recordedFloor: string): { result: AppendResult; recordedFloor: string } {
    const { streamId, events, expectedRevision } = append;
    const current = this.statements.streamRevision.get(streamId)?.revision ?? undefined;
    assertExpectedRevision(streamId, expectedRevision, current);

    let revision = current ?? -1;
    let position = 0;
    for (const event of events) {
      revision++;
      // Recorded time never runs backwards in global order, so "recorded up to t" is a prefix of the log.
      recordedFloor = maxInstant(event.recordedAt, recordedFloor);
      const metadata = { ...event.metadata, recordedAt: recordedFloor };
      const info = this.statements.insert.run(
        event.eventId,
        streamId,
        revision,
        event.type,
        event.schemaVersion,
        event.data,
        JSON.stringify(metadata),
        recordedFloor,
      );
      position = Number(info.lastInsertRowid);
    }
    return { result: { nextExpectedRevision: revision, position }, recordedFloor };
  }
}

function isDuplicateEventId(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('events.event_id');
}

/**
 * The writer on a thread of its own (sqlite-writer.thread.ts, compiled): the commit's sync, and
 * SQLite's checkpoints, then hold up that thread rather than every request on the event loop.
 * One group is in flight at a time; the store gathers the next meanwhile. The thread keeps the
 * process alive only while a group is in flight, so a process that forgets to close still ends.
 */
export class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (reply: WriteReply) => void>();
  private nextId = 0;
  private stopped?: WriteError;

  constructor(threadFile: string, filename: string) {
    this.worker = new Worker(threadFile, { workerData: { filename } });
    this.worker.unref();
    this.worker.on('message', ({ id, reply }: WriterAnswer) => this.answer(id, reply));
    this.worker.on('error', (error) => this.stop(toWriteError(error)));
    this.worker.on('exit', (code) => this.stop({ message: `the writer thread stopped (exit code ${code})` }));
  }

  write(batch: readonly WriteRequest[], lastRecordedAt: string): Promise<WriteReply> {
    return this.ask({ id: this.nextId++, batch, lastRecordedAt });
  }

  async close(): Promise<void> {
    if (this.stopped === undefined) await this.ask({ id: this.nextId++, close: true });
    await this.worker.terminate();
  }

  private ask(message: WriterMessage): Promise<WriteReply> {
    if (this.stopped !== undefined) return Promise.resolve({ commitFailed: this.stopped });
    return new Promise((resolve) => {
      this.waiting.set(message.id, resolve);
      if (this.waiting.size === 1) this.worker.ref();
      this.worker.postMessage(message);
    });
  }

  private answer(id: number, reply: WriteReply): void {
    const resolve = this.waiting.get(id);
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
    resolve?.(reply);
  }

  /** A thread that died mid-group cannot say whether the group was committed; its callers are told the store failed. */
  private stop(error: WriteError): void {
    this.stopped ??= error;
    for (const [id] of this.waiting) this.answer(id, { commitFailed: this.stopped });
  }
}

/** How busy the event loop was over a stretch of time, and how much of that was our own commits. */
export interface LoopSample {
  readonly activeMs: number;
  readonly idleMs: number;
  /** Time spent committing on the event loop itself in that stretch. */
  readonly committingMs: number;
}

/**
 * Where to commit: on the writer thread only when the event loop has other work to do meanwhile.
 * A commit on the loop blocks it for the sync (0.3–3 ms), which costs nothing when nothing else
 * waits (one writer appending in turn: a round trip to the thread would only add latency) but holds
 * up every other request under load. So the share of the loop's time spent on work other than our
 * commits decides, with some hysteresis so that a borderline load does not flip every sample.
 */
export class CommitPlace {
  static readonly ON_THREAD_ABOVE = 0.5;
  static readonly ON_LOOP_BELOW = 0.3;
  private thread = false;

  get onThread(): boolean {
    return this.thread;
  }

  /** Takes the last stretch into account and answers whether the next groups go to the thread. */
  update({ activeMs, idleMs, committingMs }: LoopSample): boolean {
    const elapsed = activeMs + idleMs;
    if (elapsed <= 0) return this.thread;
    const otherWork = Math.max(0, activeMs - committingMs) / elapsed;
    if (!this.thread && otherWork >= CommitPlace.ON_THREAD_ABOVE) this.thread = true;
    else if (this.thread && otherWork < CommitPlace.ON_LOOP_BELOW) this.thread = false;
    return this.thread;
  }
}
