import Database from 'better-sqlite3';
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
import { assertAppendableAll, assertExpectedRevision, canonicalInstant, maxInstant, originalAppend, StoredIdentity } from '../append-rules';
import { AppendSignal, catchUpSubscription } from '../catch-up-subscription';
import { ConcurrencyError, StoreUnavailableError } from '../errors';

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
 * (1,000 events among 1,000,000: 232 ms scanned, 8 ms indexed). Other prefixes still scan.
 */
export const INDEXED_PREFIX_LENGTH = 46;
export const PREFIX_INDEX = `CREATE INDEX IF NOT EXISTS events_by_prefix ON events (substr(stream_id, 1, ${INDEXED_PREFIX_LENGTH}), position)`;

/**
 * Durability: WAL with synchronous=FULL syncs the log on every commit, so a committed append
 * survives a power cut, not only a crash of the process (NORMAL would not). The cost of that
 * sync is shared: appends that arrive while the event loop is busy are committed together in
 * one transaction (group commit), each in its own savepoint so that one conflict fails only
 * its own append.
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
  readonly appends: readonly StreamAppend[];
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { ok: true; results: AppendResult[] } | { ok: false; error: unknown };

const COLUMNS = 'position, event_id, stream_id, stream_revision, type, schema_version, data, metadata';

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite';
  private readonly db: Database.Database;
  private readonly signal = new AppendSignal();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private lastRecordedAt: string;

  private readonly statements: {
    insert: Database.Statement;
    streamRevision: Database.Statement<[string], { revision: number | null }>;
    byEventId: Database.Statement<[string], StoredIdentity>;
    readStream: Database.Statement<[string, number, number], Row>;
    readPage: Database.Statement<[number, number], Row>;
    readPagePrefix: Database.Statement<[number, number, string, number], Row>;
    readPageIndexed: Database.Statement<[string, number, number], Row>;
    head: Database.Statement<[], { position: number | null; recordedAt: string | null }>;
  };

  constructor(readonly filename: string) {
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
      insert: this.db.prepare(
        `INSERT INTO events (event_id, stream_id, stream_revision, type, schema_version, data, metadata, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      streamRevision: this.db.prepare('SELECT MAX(stream_revision) AS revision FROM events WHERE stream_id = ?'),
      byEventId: this.db.prepare(
        'SELECT stream_id AS streamId, stream_revision AS streamRevision, position FROM events WHERE event_id = ?',
      ),
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
      head: this.db.prepare(
        'SELECT position, recorded_at AS recordedAt FROM events WHERE position = (SELECT MAX(position) FROM events)',
      ),
    };
    this.lastRecordedAt = this.statements.head.get()?.recordedAt ?? '';
    this.transaction = this.db.transaction((work: () => never) => work()) as unknown as <T>(work: () => T) => T;
  }

  /** Runs work in a transaction, or in a savepoint when called inside one. Built once rather than per append. */
  private readonly transaction: <T>(work: () => T) => T;

  async appendToStream(streamId: string, events: readonly NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const [result] = await this.appendToStreams([{ streamId, events, expectedRevision }]);
    return result;
  }

  appendToStreams(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    if (this.closed) return Promise.reject(new StoreUnavailableError('The event store is closed'));
    try {
      assertAppendableAll(appends);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ appends, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // setImmediate runs after pending I/O callbacks, so requests that arrived together share a commit.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;

    let recordedFloor = this.lastRecordedAt;
    const appendOne = (pending: PendingAppend): AppendResult[] =>
      pending.appends.map((append) => {
        const appended = this.appendOne(append, recordedFloor);
        recordedFloor = appended.recordedFloor;
        return appended.result;
      });
    let outcomes: Outcome[];
    try {
      outcomes =
        batch.length === 1
          ? // Alone in its group, an append needs no savepoint: its failure rolls back the whole transaction.
            [this.attempt(batch[0], () => this.transaction(() => appendOne(batch[0])))]
          : this.transaction(() =>
              // The nested transaction is a savepoint: a failed append leaves the rest of the group intact.
              batch.map((pending) => this.attempt(pending, () => this.transaction(() => appendOne(pending)))),
            );
    } catch (error) {
      // The commit itself failed (disk full, read-only file, I/O error): nothing in the group was stored.
      const unavailable = new StoreUnavailableError(`The event store could not commit: ${(error as Error).message}`, error);
      for (const pending of batch) pending.reject(unavailable);
      return;
    }
    if (outcomes.some((outcome) => outcome.ok)) this.lastRecordedAt = recordedFloor;
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome.ok) pending.resolve(outcome.results);
      else pending.reject(toStoreError(outcome.error));
    });
    this.signal.notify();
  }

  /**
   * A retried append fails like a conflict (its revision is taken) or on the unique event id;
   * only then do we look its ids up, so the common path pays for no extra query.
   */
  private attempt(pending: PendingAppend, append: () => AppendResult[]): Outcome {
    try {
      return { ok: true, results: append() };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) && !isDuplicateEventId(error)) return { ok: false, error };
      try {
        const originals = pending.appends.map(({ streamId, events }) => originalAppend(streamId, events, (id) => this.statements.byEventId.get(id)));
        return originals.every((original) => original !== undefined) ? { ok: true, results: originals as AppendResult[] } : { ok: false, error };
      } catch (lookupError) {
        return { ok: false, error: lookupError };
      }
    }
  }

  private appendOne(append: StreamAppend, recordedFloor: string): { result: AppendResult; recordedFloor: string } {
    const { streamId, events, expectedRevision } = append;
    const current = this.statements.streamRevision.get(streamId)?.revision ?? undefined;
    assertExpectedRevision(streamId, expectedRevision, current);

    let revision = current ?? -1;
    let position = 0;
    for (const event of events) {
      revision++;
      // Recorded time never runs backwards in global order, so "recorded up to t" is a prefix of the log.
      recordedFloor = maxInstant(canonicalInstant(event.metadata.recordedAt), recordedFloor);
      const metadata = { ...event.metadata, recordedAt: recordedFloor };
      const info = this.statements.insert.run(
        event.eventId,
        streamId,
        revision,
        event.type,
        event.schemaVersion,
        JSON.stringify(event.data),
        JSON.stringify(metadata),
        recordedFloor,
      );
      position = Number(info.lastInsertRowid);
    }
    return { result: { nextExpectedRevision: revision, position }, recordedFloor };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const rows = this.statements.readStream.all(streamId, options.fromRevision ?? 0, options.toRevision ?? Number.MAX_SAFE_INTEGER);
    return rows.map(toStoredEvent);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent> {
    const upTo = options.recordedUpTo === undefined ? undefined : canonicalInstant(options.recordedUpTo);
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let after = options.after ?? 0;
    while (remaining > 0) {
      const page = this.readPage(after, Math.min(1000, remaining), options.streamPrefix);
      for (const event of page) {
        if (upTo !== undefined && event.metadata.recordedAt > upTo) return;
        yield event;
        remaining--;
        after = event.position;
      }
      if (page.length < 1000 || page.length === 0) return;
    }
  }

  private readPage(after: number, limit: number, prefix?: string): StoredEvent[] {
    const rows =
      prefix === undefined || prefix === ''
        ? this.statements.readPage.all(after, limit)
        : prefix.length === INDEXED_PREFIX_LENGTH
          ? this.statements.readPageIndexed.all(prefix, after, limit)
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
    this.flush();
    this.closed = true;
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

function isDuplicateEventId(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('events.event_id');
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
