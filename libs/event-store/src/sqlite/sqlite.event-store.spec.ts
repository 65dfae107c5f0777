import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { INDEXED_PREFIX_LENGTH, PREFIX_RANGE_PAGE, SqliteEventStore, prefixEnd } from './sqlite.event-store';
import { CommitPlace } from './sqlite-writer';
import { ConcurrencyError, StoreUnavailableError } from '../errors';

const directories: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracker-store-'));
  directories.push(dir);
  return join(dir, 'events.sqlite');
};
afterAll(() => directories.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The compiled writer thread (`npm run build`, which `npm test` runs first): the tests run from source, which a thread cannot load. */
const WRITER_THREAD = join(__dirname, '..', '..', '..', '..', 'dist', 'libs', 'event-store', 'src', 'sqlite', 'sqlite-writer.thread.js');
const writers = [
  ['on the event loop', () => false as const],
  [
    'on the writer thread',
    () => {
      if (!existsSync(WRITER_THREAD)) throw new Error(`${WRITER_THREAD} is missing: run \`npm run build\` first (npm test does)`);
      return WRITER_THREAD;
    },
  ],
] as const;

describeEventStoreContract('sqlite', async () => {
  const store = new SqliteEventStore(tempFile(), { writerThread: false });
  return { store, startsEmpty: true, dispose: () => store.close() };
});

describeEventStoreContract('sqlite, committing on the writer thread', async () => {
  const store = new SqliteEventStore(tempFile(), { writerThread: writers[1][1](), alwaysOnThread: true });
  return { store, startsEmpty: true, dispose: () => store.close() };
});

describe('sqlite event store, beyond the contract', () => {
  const event = (recordedAt: string) => ({
    eventId: randomUUID(),
    type: 'ThingHappened',
    schemaVersion: 1,
    data: {},
    metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt },
  });

  it('reads a programme-length prefix by its index: the same events, in order, across pages, with the plan SQLite chose', async () => {
    const file = tempFile();
    const store = new SqliteEventStore(file);
    const programme = `programme-${randomUUID()}`;
    expect(programme).toHaveLength(INDEXED_PREFIX_LENGTH);
    const other = `programme-${randomUUID()}`;
    // Interleaved, and more than one 1,000-event page of the one read.
    for (let i = 0; i < 1_250; i++) {
      await store.appendToStreams([
        { streamId: `${programme}-item-${i % 7}`, events: [event('2026-01-01T00:00:00.000Z')], expectedRevision: 'any' },
        { streamId: `${other}-item-${i % 3}`, events: [event('2026-01-01T00:00:00.000Z')], expectedRevision: 'any' },
      ]);
    }
    await store.appendToStream(programme, [event('2026-01-01T00:00:00.000Z')], 'any');
    const read = [];
    for await (const e of store.readAll({ streamPrefix: programme })) read.push(e);
    expect(read).toHaveLength(1_251);
    expect(read.every((e) => e.streamId.startsWith(programme))).toBe(true);
    expect(read.map((e) => e.position)).toEqual([...read.map((e) => e.position)].sort((a, b) => a - b));
    const after = read[600].position;
    const tail = [];
    for await (const e of store.readAll({ streamPrefix: programme, after, limit: 5 })) tail.push(e.position);
    expect(tail).toEqual(read.slice(601, 606).map((e) => e.position));
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN SELECT * FROM events WHERE substr(stream_id, 1, ${INDEXED_PREFIX_LENGTH}) = ? AND position > ? ORDER BY position LIMIT ?`)
        .all(programme, 0, 1000) as { detail: string }[];
      expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX events_by_prefix');
    } finally {
      db.close();
    }
  });

  it('reads a shorter prefix as a range of the same index: exactly the streams that begin with it, in order, across pages', async () => {
    const file = tempFile();
    const store = new SqliteEventStore(file);
    // Neighbours in byte order on both sides, a stream id shorter than the index's 46 characters, and longer ones.
    const streams = ['audit-digests-a', `audit-digests-${randomUUID()}`, 'audit-digests.', 'audit-digests', 'audit-digestsX', 'audit-digest-', `programme-${randomUUID()}`, 'audit-digests-ü'];
    for (let i = 0; i < 1_300; i++) {
      await store.appendToStream(streams[i % streams.length], [event('2026-01-01T00:00:00.000Z')], 'any');
    }
    const all = [];
    for await (const e of store.readAll()) all.push(e);
    for (const prefix of ['audit-digests-', 'audit-digests', 'audit-', 'audit-digests-ü']) {
      const read = [];
      for await (const e of store.readAll({ streamPrefix: prefix })) read.push(e.position);
      expect(read).toEqual(all.filter((e) => e.streamId.startsWith(prefix)).map((e) => e.position));
    }
    const digests = all.filter((e) => e.streamId.startsWith('audit-digests-'));
    expect(digests.length).toBeGreaterThan(1_000 / 3);
    const tail = [];
    for await (const e of store.readAll({ streamPrefix: 'audit-digests-', after: digests[100].position, limit: 4 })) tail.push(e.position);
    expect(tail).toEqual(digests.slice(101, 105).map((e) => e.position));
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${PREFIX_RANGE_PAGE}`)
        .all('audit-digests-', prefixEnd('audit-digests-'), 0, 1000) as { detail: string }[];
      expect(plan.map((row) => row.detail).join(' ')).toContain('USING INDEX events_by_prefix');
    } finally {
      db.close();
    }
  });

  it('ends a prefix range one character above its last, and names no end past plain ASCII', () => {
    expect(prefixEnd('audit-digests-')).toBe('audit-digests.');
    expect(prefixEnd('a')).toBe('b');
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('digests-ü')).toBeUndefined();
    expect(prefixEnd('x\u007f')).toBeUndefined();
  });

  it('uses WAL with a full sync on every commit', () => {
    const file = tempFile();
    const store = new SqliteEventStore(file);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
    return store.close();
  });

  describe.each(writers)('committing %s', (_, writerThread) => {
    it('keeps events across a reopen and never lets recorded time run backwards', async () => {
      const file = tempFile();
      const first = new SqliteEventStore(file, { writerThread: writerThread(), alwaysOnThread: true });
      await first.appendToStream('s-1', [event('2026-03-05T10:00:00Z')], 'no_stream');
      await first.close();

      const second = new SqliteEventStore(file, { writerThread: writerThread(), alwaysOnThread: true });
      await second.appendToStream('s-2', [event('2026-03-01T10:00:00Z')], 'no_stream');
      const all = [];
      for await (const e of second.readAll()) all.push(e);
      await second.close();

      expect(all.map((e) => e.metadata.recordedAt)).toEqual(['2026-03-05T10:00:00.000Z', '2026-03-05T10:00:00.000Z']);
    });

    it('commits concurrent appends together and fails only the conflicting one, as a ConcurrencyError', async () => {
      const store = new SqliteEventStore(tempFile(), { writerThread: writerThread(), alwaysOnThread: true });
      await store.appendToStream('s-1', [event('2026-01-01T00:00:00Z')], 'no_stream');
      const outcomes = await Promise.allSettled([
        store.appendToStream('s-2', [event('2026-01-01T00:00:01Z')], 'no_stream'),
        store.appendToStream('s-1', [event('2026-01-01T00:00:02Z')], 'no_stream'),
        store.appendToStream('s-3', [event('2026-01-01T00:00:03Z')], 'no_stream'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const refused = (outcomes[1] as PromiseRejectedResult).reason;
      expect(refused).toBeInstanceOf(ConcurrencyError);
      expect(refused).toMatchObject({ streamId: 's-1', expected: 'no_stream', actual: 0 });
      expect(await store.headPosition()).toBe(3);
      await store.close();
    });

    it('answers an append only once it is committed: another connection already sees it', async () => {
      const file = tempFile();
      const store = new SqliteEventStore(file, { writerThread: writerThread(), alwaysOnThread: true });
      const other = new Database(file, { readonly: true });
      try {
        const count = other.prepare<[], { n: number }>('SELECT count(*) AS n FROM events');
        for (let round = 1; round <= 5; round++) {
          const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendToStream(`s-${round}-${i}`, [event('2026-01-01T00:00:00Z')], 'no_stream')));
          expect(count.get()!.n).toBe(round * 10);
          expect(Math.max(...results.map((r) => r.position))).toBe(round * 10);
        }
      } finally {
        other.close();
        await store.close();
      }
    });

    it('commits what was appended before it closes, then refuses appends with a clear error', async () => {
      const file = tempFile();
      const store = new SqliteEventStore(file, { writerThread: writerThread(), alwaysOnThread: true });
      const pending = Array.from({ length: 20 }, (_, i) => store.appendToStream(`s-${i}`, [event('2026-01-01T00:00:00Z')], 'no_stream'));
      await store.close();
      expect((await Promise.all(pending)).map((r) => r.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      await expect(store.appendToStream('s-1', [event('2026-01-01T00:00:00Z')], 'any')).rejects.toBeInstanceOf(StoreUnavailableError);
      const reopened = new SqliteEventStore(file, { writerThread: false });
      expect(await reopened.headPosition()).toBe(20);
      await reopened.close();
    });
  });
});

describe('where the sqlite store commits', () => {
  it('moves commits to the writer thread once the event loop is mostly busy with other work, and back once it is not', () => {
    const place = new CommitPlace();
    // A lone writer: the loop is busy, but with its own commits (the sync), not with other work.
    expect(place.update({ activeMs: 95, idleMs: 5, committingMs: 85 })).toBe(false);
    expect(place.update({ activeMs: 40, idleMs: 60, committingMs: 0 })).toBe(false);
    // Serving requests: most of the loop's time is other work.
    expect(place.update({ activeMs: 100, idleMs: 0, committingMs: 15 })).toBe(true);
    // Between the two thresholds it stays where it is, either way.
    expect(place.update({ activeMs: 40, idleMs: 60, committingMs: 0 })).toBe(true);
    expect(place.update({ activeMs: 20, idleMs: 80, committingMs: 0 })).toBe(false);
    expect(place.update({ activeMs: 40, idleMs: 60, committingMs: 0 })).toBe(false);
    expect(place.update({ activeMs: 0, idleMs: 0, committingMs: 0 })).toBe(false);
  });
});
