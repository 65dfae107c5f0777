import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { programmeStreamPrefix } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { ProgrammeSnapshots } from '@tracker/read-models';
import { EVENT_STORE, READ_STORE } from '../src/infrastructure/tokens';
import { At, ProgrammeViews, SNAPSHOT_EVERY } from '../src/readiness/programme-views';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** A long history, written straight to the store (through HTTP it would take minutes), then asked about at many times. */
describe('snapshots of long histories', () => {
  const AMENDMENTS = 2 * SNAPSHOT_EVERY + 1_500;
  const MINUTE = 60_000;
  const start = Date.parse('2026-10-01T00:00:00.000Z');
  const amendedAt = (i: number) => new Date(start + i * MINUTE).toISOString();
  let t: TestApp;
  let store: EventStore;
  let snapshots: ProgrammeSnapshots;
  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    store = t.app.get(EVENT_STORE);
    snapshots = t.app.get(ProgrammeSnapshots);
    programmeId = await registerProgramme(t);
    const contract = (await t.http().post(at('/contracts')).send(contractBody).expect(201)).body.id;
    await t.http().patch(at(`/contracts/${contract}`)).send({ annualValue: 0 }).expect(200);
    const template = (await t.events()).find((e) => e.type === 'RegisterItemAmended')!;
    const streamId = template.streamId;
    for (let batch = 0; batch < AMENDMENTS; batch += 1_000) {
      const events = [];
      for (let i = batch + 1; i <= Math.min(batch + 1_000, AMENDMENTS); i++) {
        events.push({
          eventId: randomUUID(),
          type: template.type,
          schemaVersion: template.schemaVersion,
          data: { ...(template.data as object), changes: { annualValue: i } },
          metadata: { ...template.metadata, recordedAt: amendedAt(i) },
        });
      }
      await store.appendToStream(streamId, events, 'stream_exists');
    }
    t.setNow(amendedAt(AMENDMENTS + 10));
  }, 60_000);
  afterAll(async () => t.close());

  const valueAsOf = async (query: string) => {
    const { body } = await t.http().get(at(`/contracts?${query}`)).expect(200);
    return body.items[0].details.annualValue as number;
  };

  it('takes a snapshot every few thousand events as they arrive, before anyone asks about the past, and starts from them', async () => {
    const keeper = t.app.get(ProgrammeViews).snapshotKeeper;
    expect(await keeper.waitFor(await store.headPosition(), 30_000)).toBe(true);
    expect(snapshots.count(programmeId)).toBe(2);

    const times = [10, SNAPSHOT_EVERY - 3, SNAPSHOT_EVERY + 7, 2 * SNAPSHOT_EVERY + 100, AMENDMENTS];
    const readAll = jest.spyOn(store, 'readAll');
    const answers = [];
    for (const i of [...times].reverse()) answers.unshift(await t.http().get(at(`/dashboard?asOf=${amendedAt(i)}`)).expect(200).then((r) => r.body));
    // The first answer (for the latest time) started from the newest snapshot; the last (the earliest time) had none before it.
    const froms = readAll.mock.calls.map(([options]) => options?.after ?? 0);
    expect(froms[0]).toBeGreaterThan(0);
    expect(froms.at(-1)).toBe(0);
    readAll.mockRestore();
    expect(snapshots.count(programmeId)).toBe(2);
  });

  it('answers asOf, validAt and position from the snapshots taken as events arrived exactly as a replay from the first event', async () => {
    const views = t.app.get(ProgrammeViews);
    const positions: number[] = [];
    for await (const event of store.readAll({ streamPrefix: programmeStreamPrefix(programmeId) })) positions.push(event.position);
    const questions: At[] = [
      ...[SNAPSHOT_EVERY - 3, SNAPSHOT_EVERY + 7, 2 * SNAPSHOT_EVERY, 2 * SNAPSHOT_EVERY + 100, AMENDMENTS].flatMap((i) => [{ asOf: amendedAt(i) }, { validAt: amendedAt(i) }]),
      ...[SNAPSHOT_EVERY + 1, 2 * SNAPSHOT_EVERY + 3, positions.length - 1].map((i) => ({ position: positions[i], asOf: amendedAt(AMENDMENTS + 10) })),
      { asOf: amendedAt(2 * SNAPSHOT_EVERY + 500), validAt: amendedAt(SNAPSHOT_EVERY + 500) },
    ];
    expect(await views.snapshotKeeper.waitFor(await store.headPosition(), 30_000)).toBe(true);
    // At each snapshot's own event and the one before it, where a fold one event out would show.
    const readStore = t.app.get<Database.Database>(READ_STORE);
    const taken = readStore.prepare<[string], { position: number; recorded_at: string }>('SELECT position, recorded_at FROM programme_snapshots WHERE programme_id = ? ORDER BY position').all(programmeId);
    expect(taken).toHaveLength(2);
    for (const { position, recorded_at } of taken) {
      const before = positions[positions.indexOf(position) - 1];
      questions.push({ asOf: recorded_at }, { validAt: recorded_at }, { position }, { position: before }, { position: position + 1 });
    }
    const readAll = jest.spyOn(store, 'readAll');
    const fromSnapshots = [];
    for (const question of questions) fromSnapshots.push(await views.judged(programmeId, question));
    // Most of those started from a snapshot (else this would compare a replay with itself).
    expect(readAll.mock.calls.filter(([options]) => (options?.after ?? 0) > 0).length).toBeGreaterThanOrEqual(questions.length - 6);
    readAll.mockRestore();

    await views.snapshotKeeper.stop();
    const fromTheStart = [];
    for (const question of questions) {
      readStore.prepare('DELETE FROM programme_snapshots').run();
      fromTheStart.push(await views.judged(programmeId, question));
    }
    expect(fromSnapshots).toEqual(fromTheStart);
    views.snapshotKeeper.start();
  });

  it('starts from a snapshot and still takes every event up to the time asked', async () => {
    for (const i of [1, SNAPSHOT_EVERY - 1, SNAPSHOT_EVERY, SNAPSHOT_EVERY + 1, 2 * SNAPSHOT_EVERY + 999, AMENDMENTS]) {
      expect(await valueAsOf(`asOf=${amendedAt(i)}`)).toBe(i);
      expect(await valueAsOf(`validAt=${amendedAt(i)}`)).toBe(i);
    }
    expect(await valueAsOf('limit=1')).toBe(AMENDMENTS);
  });

  it('equals the read models at the present', async () => {
    const now = (await t.http().get(at('/dashboard')).expect(200)).body;
    const { asOf: _asOf, validAt: _validAt, ...replayed } = (await t.http().get(at(`/dashboard?asOf=${amendedAt(AMENDMENTS + 10)}`)).expect(200)).body;
    expect(replayed).toEqual(now);
  });
});
