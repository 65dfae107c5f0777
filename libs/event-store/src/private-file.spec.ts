import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { preparePrivateFile } from './private-file';
import { SqliteEventStore } from './sqlite/sqlite.event-store';

describe('data files at rest', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'private-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const mode = (file: string) => statSync(file).mode & 0o777;

  it('creates the event store, its WAL and its folder readable by the owner only', async () => {
    const file = join(dir, 'data', 'events.sqlite');
    const store = new SqliteEventStore(file);
    await store.appendToStream('s-1', [{ eventId: crypto.randomUUID(), type: 'Happened', schemaVersion: 1, data: {}, metadata: { recordedAt: new Date().toISOString() } } as never], 'no_stream');
    expect(mode(join(dir, 'data'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    await store.close();
  });

  it('tightens a data file made before with 0644', () => {
    const file = join(dir, 'read-models.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    preparePrivateFile(file);
    expect(mode(file)).toBe(0o600);
  });
});
