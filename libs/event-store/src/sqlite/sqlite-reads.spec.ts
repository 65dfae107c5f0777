import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SqliteEventReader, SqliteEventStore } from './sqlite.event-store';

const metadata = { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00.000Z' };
const events = (n: number) => Array.from({ length: n }, (_, i) => ({ eventId: randomUUID(), type: 'NoteAdded', schemaVersion: 1, data: { i }, metadata }));

describe('sqlite store reads for long histories', () => {
  let directory: string;
  beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'sqlite-reads-'))));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('lets other work in while a long read is consumed, instead of holding the event loop to the end', async () => {
    const store = new SqliteEventStore(join(directory, 'events.sqlite'));
    await store.appendToStream('programme-a', events(3_000), 'any');
    let timerRanAt: number | undefined;
    setTimeout(() => (timerRanAt = read), 0);
    let read = 0;
    for await (const _ of store.readAll()) {
      read++;
      const until = performance.now() + 0.05; // a reader's work on each event: 150 ms in all
      while (performance.now() < until);
    }
    await store.close();
    expect(read).toBe(3_000);
    // Without slicing the timer would run only after the last event was read.
    expect(timerRanAt).toBeDefined();
    expect(timerRanAt!).toBeLessThan(3_000);
  });

  it('gives a worker thread exactly one programme’s events, in order, from a read-only connection', async () => {
    const file = join(directory, 'events.sqlite');
    const store = new SqliteEventStore(file);
    const programme = `programme-${randomUUID()}`;
    const other = `programme-${randomUUID()}`;
    await store.appendToStream(programme, events(3), 'any');
    await store.appendToStream(other, events(2), 'any');
    await store.appendToStream(`${programme}-item-x`, events(6_000), 'any');
    await store.close();

    const reader = new SqliteEventReader(file);
    const read = [...reader.readPrefix(programme)];
    expect(read).toHaveLength(6_003);
    expect(read.every((event) => event.streamId.startsWith(programme))).toBe(true);
    expect(read.map((event) => event.position)).toEqual([...read.map((event) => event.position)].sort((a, b) => a - b));
    expect(() => [...reader.readPrefix('programme-')]).toThrow(/46 characters/);
    reader.close();
    expect(() => new SqliteEventReader(join(directory, 'missing.sqlite'))).toThrow();
    expect(existsSync(join(directory, 'missing.sqlite'))).toBe(false);
  });
});
