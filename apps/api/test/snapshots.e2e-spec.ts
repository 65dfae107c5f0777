import { randomUUID } from 'node:crypto';
import { EventStore } from '@tracker/event-store';
import { ProgrammeSnapshots } from '@tracker/read-models';
import { EVENT_STORE } from '../src/infrastructure/tokens';
import { SNAPSHOT_EVERY } from '../src/readiness/programme-views';
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

  it('replays a long history once, saving a snapshot every few thousand events, and answers the same from them', async () => {
    const times = [10, SNAPSHOT_EVERY - 3, SNAPSHOT_EVERY + 7, 2 * SNAPSHOT_EVERY + 100, AMENDMENTS];
    expect(snapshots.count(programmeId)).toBe(0);
    const first = [];
    for (const i of times) first.push(await t.http().get(at(`/dashboard?asOf=${amendedAt(i)}`)).expect(200).then((r) => r.body));
    expect(snapshots.count(programmeId)).toBe(2);

    const readAll = jest.spyOn(store, 'readAll');
    const again = [];
    for (const i of [...times].reverse()) again.unshift(await t.http().get(at(`/dashboard?asOf=${amendedAt(i)}`)).expect(200).then((r) => r.body));
    expect(again).toEqual(first);
    // The last answer (for the earliest time) had no snapshot to start from; the first had the newest.
    const froms = readAll.mock.calls.map(([options]) => options?.after ?? 0);
    expect(froms[0]).toBeGreaterThan(0);
    expect(froms.at(-1)).toBe(0);
    readAll.mockRestore();
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
