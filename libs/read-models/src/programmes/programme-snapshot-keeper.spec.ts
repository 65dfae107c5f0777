import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { InMemoryEventStore, NewEvent, StoredEvent, SubscriptionDroppingStore } from '@tracker/event-store';
import { openReadStore } from '../read-store';
import { ProgrammeFold } from './programme-fold';
import { ProgrammeSnapshotKeeper } from './programme-snapshot-keeper';
import { ProgrammeSnapshots, SNAPSHOT_EVERY } from './programme-snapshots';

const start = Date.parse('2026-01-05T09:00:00.000Z');
let n = 0;
const event = (type: string, data: object): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: { userId: 'u', role: 'adviser', correlationId: 'c', causationId: 'c', recordedAt: new Date(start + n++ * 1000).toISOString() },
});

/** A programme's streams: registered, two contracts, then amendments, board ratings and go-live moves in turn. */
function programme() {
  const programmeId = randomUUID();
  const items = [randomUUID(), randomUUID()];
  let amended = 0;
  return {
    programmeId,
    opening: (): [string, NewEvent[]][] => [
      [
        `programme-${programmeId}`,
        [event('ProgrammeRegistered', { programmeId, name: 'P', council: 'C', newBody: 'T', legalForm: 'company-limited-by-guarantee', servicesInScope: ['s'], goLiveDate: '2027-04-01', registeredAt: new Date(start).toISOString() })],
      ],
      ...items.map((itemId, i): [string, NewEvent[]] => [
        `programme-${programmeId}-item-${itemId}`,
        [event('ContractRegistered', { programmeId, itemId, kind: 'contract', reference: `C-${i}`, details: { supplier: 'S', title: 'T', annualValue: 1, expiryDate: '2028-03-31', mechanism: 'novate' } })],
      ]),
    ],
    next: (): [string, NewEvent[]] => {
      amended++;
      if (amended % 997 === 0) return [`programme-${programmeId}`, [event('GoLiveDateMoved', { programmeId, from: '2027-04-01', to: `2027-0${(amended % 5) + 4}-01`, direction: 'later', reasons: ['r'] })]];
      if (amended % 1499 === 0) return [`programme-${programmeId}`, [event('BoardRatingRecorded', { programmeId, decisionId: randomUUID(), rating: 'amber', rationale: `r${amended}` })]];
      const itemId = items[amended % 2];
      return [`programme-${programmeId}-item-${itemId}`, [event('RegisterItemAmended', { programmeId, itemId, kind: 'contract', changes: { annualValue: amended } })]];
    },
  };
}

/** Two programmes written in turns of `turn` events, with other streams between them. */
async function history(store: InMemoryEventStore, eventsEach: number, turn: number) {
  const programmes = [programme(), programme()];
  for (const p of programmes) for (const [streamId, events] of p.opening()) await store.appendToStream(streamId, events, 'any');
  for (let written = 0; written < eventsEach; written += turn) {
    for (const p of programmes) {
      for (let i = 0; i < turn; i++) {
        const [streamId, events] = p.next();
        await store.appendToStream(streamId, events, 'any');
      }
      await store.appendToStream(`user-${randomUUID()}`, [event('SomethingElse', {})], 'any');
    }
  }
  return programmes.map((p) => p.programmeId);
}

const snapshotRows = (db: Database.Database) =>
  db.prepare<[], { programme_id: string; position: number; events: number; fold: string }>('SELECT programme_id, position, events, fold FROM programme_snapshots ORDER BY programme_id, position').all();

describe('programme snapshot keeper', () => {
  let store: InMemoryEventStore;
  let all: StoredEvent[];
  const dbs: Database.Database[] = [];
  const readStore = () => {
    const db = openReadStore(':memory:');
    dbs.push(db);
    return db;
  };

  beforeAll(async () => {
    store = new InMemoryEventStore();
    await history(store, 2 * SNAPSHOT_EVERY + 1_200, 450);
    all = [];
    for await (const e of store.readAll()) all.push(e);
  });
  afterAll(() => dbs.forEach((db) => db.close()));

  const keep = async (db: Database.Database, limits = { programmes: 50, bytes: 32 * 1024 * 1024 }, upTo = all.at(-1)!.position) => {
    const keeper = new ProgrammeSnapshotKeeper(store, new ProgrammeSnapshots(db), (error) => {
      throw error;
    }, limits);
    keeper.start();
    expect(await keeper.waitFor(upTo, 30_000)).toBe(true);
    await keeper.stop();
  };

  it('saves each programme’s fold every 5,000 of its events, equal to the fold replayed from its first event', async () => {
    const db = readStore();
    await keep(db);
    const rows = snapshotRows(db);
    expect(rows.length).toBe(4);
    for (const row of rows) {
      const fold = new ProgrammeFold(row.programme_id);
      let events = 0;
      for (const e of all) {
        if (e.position > row.position) break;
        if (e.streamId.startsWith(`programme-${row.programme_id}`)) {
          fold.apply(e);
          events++;
        }
      }
      expect(row.events).toBe(events);
      expect(row.events % SNAPSHOT_EVERY).toBe(0);
      expect(JSON.parse(row.fold)).toEqual(JSON.parse(JSON.stringify(fold.toJSON())));
    }
    expect(new ProgrammeSnapshots(db).keptThrough()).toBe(all.at(-1)!.position);
  });

  it('saves the same snapshots when it can follow only one programme at a time, or is stopped and started again half-way', async () => {
    const expected = readStore();
    await keep(expected);
    const forgetful = readStore();
    await keep(forgetful, { programmes: 1, bytes: 32 * 1024 * 1024 });
    expect(snapshotRows(forgetful)).toEqual(snapshotRows(expected));

    const restarted = readStore();
    const positions = all.map((e) => e.position);
    for (const upTo of [positions[3_000], positions[9_000], positions[15_000], positions.at(-1)!]) await keep(restarted, undefined, upTo);
    expect(snapshotRows(restarted)).toEqual(snapshotRows(expected));
  });

  it('picks up after a restart from the position it wrote down, not from the first event', async () => {
    const db = readStore();
    await keep(db, undefined, all[12_000].position);
    const kept = new ProgrammeSnapshots(db).keptThrough();
    expect(kept).toBeGreaterThanOrEqual(all[12_000].position);
    const subscribe = jest.spyOn(store, 'subscribeToAll');
    await keep(db);
    expect(subscribe.mock.calls[0][0].after).toBe(kept);
    subscribe.mockRestore();
  });

  it('takes the subscription up again from the last event taken when the store ends it, and saves the same snapshots (against a test double that drops it)', async () => {
    const expected = readStore();
    await keep(expected);
    const db = readStore();
    const dropping = new SubscriptionDroppingStore(store);
    const dropped: unknown[] = [];
    const keeper = new ProgrammeSnapshotKeeper(dropping, new ProgrammeSnapshots(db), (error) => dropped.push(error), undefined, () => 0);
    keeper.start();
    expect(await keeper.waitFor(all[3_000].position, 30_000)).toBe(true);
    expect(await dropping.dropSubscriptions(new Error('the server restarted'))).toBe(1);
    expect(await keeper.waitFor(all.at(-1)!.position, 30_000)).toBe(true);
    await keeper.stop();
    expect(dropped).toEqual([new Error('the server restarted')]);
    expect(keeper.failed).toBeUndefined();
    // It asked again from where it had got to, not from the start.
    expect(dropping.subscribedAfter).toHaveLength(2);
    expect(dropping.subscribedAfter[1]).toBeGreaterThanOrEqual(all[3_000].position);
    expect(snapshotRows(db)).toEqual(snapshotRows(expected));
  });
});
