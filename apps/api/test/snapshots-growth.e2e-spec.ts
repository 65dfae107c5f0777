import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { EventStore, SqliteEventStore } from '@tracker/event-store';
import { ProgrammeSnapshots } from '@tracker/read-models';
import { EVENT_STORE } from '../src/infrastructure/tokens';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * A programme whose state grows with its history: 50,000 contracts, each amended once, written
 * straight to the store. The first question about its past replays all 100,000 events and saves
 * snapshots on the way; they must cost no more than twice the events themselves. Saving the whole
 * state every 5,000 events grows with the square of the history: here that saved 315 MiB beside
 * 98 MiB of events (3.2 times), and 1.3 GiB at 200,000 events. `npm run bench` measures it at a
 * million.
 */
describe('snapshot storage at 100,000 events', () => {
  const ITEMS = 50_000;
  let t: TestApp;
  let programmeId: string;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    const at = (path: string) => `/api/programmes/${programmeId}${path}`;
    const first = (await t.http().post(at('/contracts')).send(contractBody).expect(201)).body.id as string;
    await t.http().patch(at(`/contracts/${first}`)).send({ annualValue: 1 }).expect(200);
    const [registered, amended] = (await t.events()).filter((e) => e.type === 'ContractRegistered' || e.type === 'RegisterItemAmended');
    const store = t.app.get<EventStore>(EVENT_STORE);
    const recordedAt = (i: number) => new Date(Date.parse('2026-10-01T00:00:00Z') + i * 1000).toISOString();
    for (let batch = 0; batch < ITEMS; batch += 1_000) {
      const appends = [];
      for (let i = batch; i < batch + 1_000; i++) {
        const itemId = randomUUID();
        const streamId = `programme-${programmeId}-item-${itemId}`;
        const data = { ...(registered.data as object), itemId, reference: `C-${i}` };
        appends.push({
          streamId,
          expectedRevision: 'no_stream' as const,
          events: [
            { eventId: randomUUID(), type: registered.type, schemaVersion: registered.schemaVersion, data, metadata: { ...registered.metadata, recordedAt: recordedAt(i) } },
            { eventId: randomUUID(), type: amended.type, schemaVersion: amended.schemaVersion, data: { ...(amended.data as object), itemId, changes: { annualValue: i } }, metadata: { ...amended.metadata, recordedAt: recordedAt(i) } },
          ],
        });
      }
      await store.appendToStreams(appends);
    }
    t.setNow('2026-12-01T09:00:00.000Z');
  }, 180_000);
  afterAll(async () => t.close());

  it('keeps the snapshots a replay saves within twice the event store’s bytes', async () => {
    await t.http().get(`/api/programmes/${programmeId}/dashboard?asOf=2026-11-30`).expect(200);
    const snapshots = t.app.get(ProgrammeSnapshots);
    expect(snapshots.count(programmeId)).toBeGreaterThan(0);
    const file = (t.store as SqliteEventStore).filename;
    const storeBytes = [file, `${file}-wal`].reduce((sum, f) => sum + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
    const snapshotBytes = snapshots.totalBytes();
    process.stdout.write(`\nsnapshots at ${(2 * ITEMS).toLocaleString('en-GB')} events: ${snapshots.count(programmeId)} of ${(snapshotBytes / 1048576).toFixed(1)} MiB beside ${(storeBytes / 1048576).toFixed(1)} MiB of events\n`);
    expect(snapshotBytes).toBeLessThanOrEqual(2 * storeBytes);
  }, 120_000);
});
