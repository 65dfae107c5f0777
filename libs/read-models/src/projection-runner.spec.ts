import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { InMemoryEventStore, NewEvent } from '@tracker/event-store';
import { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { openReadStore } from './read-store';

/** Deliberately not idempotent: it counts every apply, so a replayed event shows. */
const counting = (version = 1): Projection => ({
  name: 'counting',
  version,
  setUp: (db) => db.exec('CREATE TABLE IF NOT EXISTS counted (n INTEGER NOT NULL); INSERT INTO counted SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM counted)'),
  tearDown: (db) => db.exec('DROP TABLE IF EXISTS counted'),
  apply: (_, db) => db.exec('UPDATE counted SET n = n + 1'),
});
const counted = (db: Database.Database) => db.prepare<[], { n: number }>('SELECT n FROM counted').get()?.n;

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'Happened',
  schemaVersion: 1,
  data: {},
  metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: '2026-01-01T00:00:00Z' },
});

describe('projection runner', () => {
  let store: InMemoryEventStore;
  let db: Database.Database;
  beforeEach(() => {
    store = new InMemoryEventStore();
    db = openReadStore(':memory:');
  });
  afterEach(() => db.close());

  const appendMany = async (n: number) => {
    let position = 0;
    for (let i = 0; i < n; i++) position = (await store.appendToStream(`s-${randomUUID()}`, [event()], 'no_stream')).position;
    return position;
  };

  it('applies every event once and waits for a position', async () => {
    const runner = new ProjectionRunner(store, db, [counting()]);
    runner.start();
    const last = await appendMany(5);
    expect(await runner.waitFor(last)).toBe(true);
    expect(counted(db)).toBe(5);
    expect(runner.position).toBe(last);
    await runner.stop();
  });

  it('resumes from its checkpoint after a restart without applying anything twice', async () => {
    const first = new ProjectionRunner(store, db, [counting()]);
    first.start();
    await first.waitFor(await appendMany(3));
    await first.stop();

    const last = await appendMany(4);
    const second = new ProjectionRunner(store, db, [counting()]);
    second.start();
    await second.waitFor(last);
    expect(counted(db)).toBe(7);
    await second.stop();
  });

  it('rebuilds from zero when a projection changes version, and on request', async () => {
    const first = new ProjectionRunner(store, db, [counting(1)]);
    first.start();
    const last = await appendMany(3);
    await first.waitFor(last);
    await first.stop();

    const changed = new ProjectionRunner(store, db, [counting(2)]);
    changed.start();
    await changed.waitFor(last);
    expect(counted(db)).toBe(3);

    await changed.rebuild();
    await changed.waitFor(last);
    expect(counted(db)).toBe(3);
    await changed.stop();
  });

  it('rolls back a batch whose projection fails, keeps the checkpoint before it, and reports the failure', async () => {
    await appendMany(2);
    let failure: unknown;
    const failing: Projection = { ...counting(), apply: (e, d) => (e.position === 2 ? fail() : counting().apply(e, d)) };
    const runner = new ProjectionRunner(store, db, [failing], (error) => (failure = error));
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(failure).toEqual(new Error('broken projection'));
    expect(runner.failed).toBe(failure);
    expect(counted(db)).toBe(0);
    expect(runner.position).toBe(0);
    await runner.stop();
  });
});

function fail(): never {
  throw new Error('broken projection');
}
