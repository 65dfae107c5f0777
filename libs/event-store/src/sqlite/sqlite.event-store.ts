import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { preparePrivateFile } from '../private-file';
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
import { assertAppendableAll, canonicalInstant } from '../append-rules';
import { AppendSignal, catchUpSubscription } from '../catch-up-subscription';
import { ConcurrencyError, StoreUnavailableError } from '../errors';
import { CommitPlace, SqliteWriter, WriteReply, WriteRequest, WriterThread, fromWriteError, toWriteAppend, toWriteError } from './sqlite-writer';

export const EVENTS_SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position        INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT    NOT NULL UNIQUE,
    stream_id       TEXT    NOT NULL,
    stream_revision INTEGER NOT NULL,
    type            TEXT    NOT NULL,
    schema_version  INTEGER NOT NULL,
    data            TEXT    NOT NULL,
    metadata        TEXT    NOT NULL,
    recorded_at     TEXT    NOT NULL,
    UNIQUE (stream_id, stream_revision)
  )`;

/**
 * Reads by a stream prefix of exactly this length use an index rather than a scan of every event.
 * It is the length of a programme's prefix (`programme-` and a UUID), by which nearly every read
 * of history is made: without it a small programme in a large store is read by visiting every row
 * (1,000 events among 1,000,000: 232 ms scanned, 8 ms indexed). A shorter prefix is read through
 * the same index as a range (every indexed value that begins with it), sorted by position a page
 * at a time: quick where the prefix names few events, as the digests' `audit-digests-` does (the
 * newest digest at start-up, 573 ms scanned at a million events, under 1 ms by the range). A
 * longer prefix still scans.
 */
export const INDEXED_PREFIX_LENGTH = 46;

/**
 * The least string above every string that begins with `prefix`, in SQLite's byte order: its last
 * character one higher. Only for a last character in plain ASCII, where UTF-8's order is the
 * characters' own; undefined otherwise (such a prefix is scanned).
 */
export function prefixEnd(prefix: string): string | undefined {
  const last = prefix.charCodeAt(prefix.length - 1);
  if (prefix.length === 0 || last >= 0x7f) return undefined;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
}

/** A long read lets other work in after this long on the event loop. */
const READ_SLICE_MS = 10;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
export const PREFIX_INDEX = `CREATE INDEX IF NOT EXISTS events_by_prefix ON events (substr(stream_id, 1, ${INDEXED_PREFIX_LENGTH}), position)`;

/**
 * Durability: WAL with synchronous=FULL syncs the log on every commit, so a committed append
 * survives a power cut, not only a crash of the process (NORMAL would not). The cost of that
 * sync is shared: appends that arrive while the event loop is busy, or while the last group is
 * being synced, are committed together in one transaction (group commit), each in its own
 * savepoint so that one conflict fails only its own append. An append is answered only once its
 * group is committed. Run from the compiled build, while the event loop is busy with other work
 * (serving requests), groups are committed on a writer thread (sqlite-writer.thread.ts) with its
 * own connection, so no request waits on the event loop for another's sync; otherwise, on the
 * loop's own connection, which answers a lone writer soonest (see CommitPlace).
 */
export const DURABLE_PRAGMAS = ['journal_mode = WAL', 'synchronous = FULL', 'busy_timeout = 5000'];

interface Row {
  position: number;
  event_id: string;
  stream_id: string;
  stream_revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

/** One caller's append: to one stream, or to several that succeed or fail together. */
interface PendingAppend {
  readonly request: WriteRequest;
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

/** The writer thread, where the build has it (not when running from TypeScript source, as the tests do). */
const WRITER_THREAD = join(__dirname, 'sqlite-writer.thread.js');

export interface SqliteEventStoreOptions {
  /**
   * The compiled writer thread, or false to commit on the event loop's own connection only. By
   * default the thread when the build has it.
   */
  readonly writerThread?: string | false;
  /** Every group on the thread, rather than only while the event loop is busy with other work (tests). */
  readonly alwaysOnThread?: boolean;
}

/** How often the event loop's load is looked at to decide where commits go. */
const SAMPLE_MS = 100;

const COLUMNS = 'position, event_id, stream_id, stream_revision, type, schema_version, data, metadata';
/** A page of the events whose streams begin with a prefix shorter than the index's: a range of it (see prefixEnd). */
export const PREFIX_RANGE_PAGE = `SELECT ${COLUMNS} FROM events WHERE substr(stream_id, 1, ${INDEXED_PREFIX_LENGTH}) >= ? AND substr(stream_id, 1, ${INDEXED_PREFIX_LENGTH}) < ? AND position > ? ORDER BY position LIMIT ?`;

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  /** Commits on the event loop's own connection. */
  private readonly writer: SqliteWriter;
  private readonly threadFile?: string;
  /** Started the first time a group goes to it. */
  private thread?: WriterThread;
  private readonly place = new CommitPlace();
  private readonly alwaysOnThread: boolean;
  private sample = { started: performance.now(), loop: performance.eventLoopUtilization(), committingMs: 0 };
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  /** The group being committed, if any: one at a time, so groups commit in the order they were gathered. */
  private writing?: Promise<void>;
  private closed = false;
  private lastRecordedAt: string;

  private readonly statements: {
    readStream: Database.Statement<[string, number, number], Row>;
    readPage: Database.Statement<[number, number], Row>;
    readPagePrefix: Database.Statement<[number, number, string, number], Row>;
    readPageIndexed: Database.Statement<[string, number, number], Row>;
    readPageRange: Database.Statement<[string, string, number, number], Row>;
    head: Database.Statement<[], { position: number | null; recordedAt: string | null }>;
  };

  constructor(
    readonly filename: string,
    options: SqliteEventStoreOptions = {},
  ) {
    preparePrivateFile(filename);
    try {
      this.db = new Database(filename);
      for (const pragma of DURABLE_PRAGMAS) this.db.pragma(pragma);
      this.db.exec(EVENTS_SCHEMA);
      // Made once on a store from before it (under a second per million events).
      this.db.exec(PREFIX_INDEX);
    } catch (error) {
      throw new StoreUnavailableError(`Cannot open the event store at ${filename}: ${(error as Error).message}`, error);
    }
    this.statements = {
      readStream: this.db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND stream_revision BETWEEN ? AND ? ORDER BY stream_revision`,
      ),
      readPage: this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
      readPagePrefix: this.db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE position > ? AND substr(stream_id, 1, ?) = ? ORDER BY position LIMIT ?`,
      ),
      // The expression must read exactly as the index's for SQLite to use it.
      readPageIndexed: this.db.prepare(
        `SELECT ${COLUMNS} FROM events WHERE substr(stream_id, 1, ${INDEXED_PREFIX_LENGTH}) = ? AND position > ? ORDER BY position LIMIT ?`,
      ),
      readPageRange: this.db.prepare(PREFIX_RANGE_PAGE),
      head: this.db.prepare(
        'SELECT position, recorded_at AS recordedAt FROM events WHERE position = (SELECT MAX(position) FROM events)',
      ),
    };
    this.lastRecordedAt = this.statements.head.get()?.recordedAt ?? '';
    this.writer = new SqliteWriter(this.db);
    const threadFile = options.writerThread ?? (existsSync(WRITER_THREAD) ? WRITER_THREAD : false);
    if (threadFile !== false) this.threadFile = threadFile;
    this.alwaysOnThread = options.alwaysOnThread === true && this.threadFile !== undefined;
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, expectedRevision }]);
    return result;
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('The event store is closed'));
    let request: WriteRequest;
    try {
      assertAppendableAll(appends);
      request = appends.map(toWriteAppend);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || this.writing !== undefined) return;
    this.flushScheduled = true;
    // setImmediate runs after pending I/O callbacks, so requests that arrived together share a commit.
    setImmediate(() => {
      this.flushScheduled = false;
      void this.flush();
    });
  }

  /** Commits what is queued as one group; what arrives meanwhile waits for the next. */
  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let written!: () => void;
    this.writing = new Promise((resolve) => (written = resolve));
    const requests = batch.map((pending) => pending.request);
    let reply: WriteReply;
    const thread = this.writerThread();
    if (thread === undefined) {
      const started = performance.now();
      reply = this.writer.write(requests, this.lastRecordedAt);
      this.sample.committingMs += performance.now() - started;
    } else {
      try {
        reply = await thread.write(requests, this.lastRecordedAt);
      } catch (error) {
        reply = { commitFailed: toWriteError(error) };
      }
    }
    this.settle(batch, reply);
    this.writing = undefined;
    written();
    this.signal.notify();
    if (this.queue.length > 0) this.scheduleFlush();
  }

  /** The thread, when this group should go to it; undefined to commit here. */
  private writerThread(): WriterThread | undefined {
    if (this.threadFile === undefined) return undefined;
    const now = performance.now();
    if (!this.alwaysOnThread && now - this.sample.started >= SAMPLE_MS) {
      const loop = performance.eventLoopUtilization(this.sample.loop);
      this.place.update({ activeMs: loop.active, idleMs: loop.idle, committingMs: this.sample.committingMs });
      this.sample = { started: now, loop: performance.eventLoopUtilization(), committingMs: 0 };
    }
    if (!this.alwaysOnThread && !this.place.onThread) return undefined;
    this.thread ??= new WriterThread(this.threadFile, this.filename);
    return this.thread;
  }

  private settle(batch: readonly PendingAppend[], reply: WriteReply): void {
    if ('commitFailed' in reply) {
      // The commit itself failed (disk full, read-only file, I/O error): nothing in the group was stored.
      const error = fromWriteError(reply.commitFailed);
      const unavailable = new StoreUnavailableError(`The event store could not commit: ${error.message}`, error);
      for (const pending of batch) pending.reject(unavailable);
      return;
    }
    const { outcomes, recordedFloor } = reply;
    if (outcomes.some((outcome) => outcome.ok)) this.lastRecordedAt = recordedFloor;
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) pending.resolve(outcome.results);
      else pending.reject(toStoreError(fromWriteError(outcome.error)));
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = this.statements.readStream.all(streamId, options.fromRevision ?? 0, options.toRevision ?? Number.MAX_SAFE_INTEGER);
    return rows.map(toStoredEvent);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    const upTo = options.recordedUpTo === undefined ? undefined : canonicalInstant(options.recordedUpTo);
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let after = options.after ?? 0;
    let sliceStarted = performance.now();
    while (remaining > 0) {
      const page = this.readPage(after, Math.min(1000, remaining), options.streamPrefix);
      for (const event of page) {
        if (upTo !== undefined && event.metadata.recordedAt > upTo) return;
        yield event;
        remaining--;
        after = event.position;
        // The reader's work on each event counts too (a generator runs its consumer between yields):
        // after a slice of it, other requests are let in, so a long replay, export or verification
        // cannot hold the event loop for seconds. Reads are synchronous; without this a
        // 1,000,000-event history would be read on one unbroken chain of microtasks.
        if (performance.now() - sliceStarted >= READ_SLICE_MS) {
          await yieldToEventLoop();
          sliceStarted = performance.now();
        }
      }
      if (page.length < 1000 || page.length === 0) return;
    }
  }

  private readPage(after: number, limit: number, prefix?: string): StoredEvent[] {
    const end = prefix !== undefined && prefix.length < INDEXED_PREFIX_LENGTH ? prefixEnd(prefix) : undefined;
    const rows =
      prefix === undefined || prefix === ''
        ? this.statements.readPage.all(after, limit)
        : prefix.length === INDEXED_PREFIX_LENGTH
          ? this.statements.readPageIndexed.all(prefix, after, limit)
          : end !== undefined
            ? this.statements.readPageRange.all(prefix, end, after, limit)
            : this.statements.readPagePrefix.all(after, prefix.length, prefix, limit);
    return rows.map(toStoredEvent);
  }

  subscribeToAll(options: SubscribeOptions, handler: EventHandler, onError: (error: unknown) => void = () => {}): Subscription {
    return catchUpSubscription(
      {
        readPage: (after, limit) => this.readPage(after, limit, options.streamPrefix),
        waitForAppend: (timeoutMs) => this.signal.wait(timeoutMs),
      },
      options.after ?? 0,
      handler,
      onError,
    );
  }

  async headPosition(): Promise<number> {
    return this.statements.head.get()?.position ?? 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // What was appended before the close is still committed (and answered) first.
    while (this.writing !== undefined || this.queue.length > 0) await (this.writing ?? this.flush());
    await this.thread?.close();
    this.signal.notify();
    this.db.close();
  }
}

function toStoredEvent(row: Row): StoredEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamRevision: row.stream_revision,
    position: row.position,
    type: row.type,
    schemaVersion: row.schema_version,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
  };
}

const UNAVAILABLE_CODES = new Set(['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_BUSY']);

function toStoreError(error: unknown): unknown {
  if (error instanceof ConcurrencyError) return error;
  const code = (error as { code?: string }).code ?? '';
  if ([...UNAVAILABLE_CODES].some((prefix) => code.startsWith(prefix))) {
    return new StoreUnavailableError(`The event store cannot take writes: ${(error as Error).message}`, error);
  }
  return error;
}

/**
 * Read-only access to a store file for a worker thread, which has its own connection and can read
 * without yielding: it holds no event loop that others wait on. Writes nothing, creates nothing.
 */
export class SqliteEventReader {
  private readonly db: Database.Database;
  private readonly page: Database.Statement<[string, number, number], Row>;

  constructor(filename: string) {
    this.db = new Database(filename, { readonly: true, fileMustExist: true });
    this.page = this.db.prepare(`SELECT ${COLUMNS} FROM events WHERE substr(stream_id, 1, ${INDEXED_PREFIX_LENGTH}) = ? AND position > ? ORDER BY position LIMIT ?`);
  }

  /** Every event whose stream starts with `prefix` (a programme's prefix: INDEXED_PREFIX_LENGTH long), in position order. */
  *readPrefix(prefix: string): Generator<StoredEvent> {
    if (prefix.length !== INDEXED_PREFIX_LENGTH) throw new Error(`a prefix of ${INDEXED_PREFIX_LENGTH} characters is read by its index; got ${prefix.length}`);
    for (let after = 0; ; ) {
      const rows = this.page.all(prefix, after, 5_000);
      for (const row of rows) yield toStoredEvent(row);
      if (rows.length < 5_000) return;
      after = rows[rows.length - 1].position;
    }
  }

  close(): void {
    this.db.close();
  }
}
