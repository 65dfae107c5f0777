import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@tracker/event-store';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/** The event store's own connection, to make it fail as a full disk or a read-only file would. */
const connectionOf = (t: TestApp) => (t.store as unknown as { db: Database.Database }).db;

describe('faults', () => {
  describe('two writers on the same item with the same expected version', () => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp()));
    afterAll(async () => t.close());

    it('exactly one wins; the other gets 412 and its retry with the new version succeeds', async () => {
      const programmeId = await registerProgramme(t);
      const at = (path: string) => `/api/programmes/${programmeId}${path}`;
      const itemId = (await t.http().post(at('/contracts')).send(contractBody).expect(201)).body.id;

      for (let round = 0; round < 10; round++) {
        const version = Number((await t.http().get(at(`/contracts/${itemId}`)).expect(200)).headers.etag.replace(/"/g, ''));
        const racers = [100 + round, 200 + round].map((annualValue) => t.http().patch(at(`/contracts/${itemId}`)).set('if-match', `"${version}"`).send({ annualValue }));
        const answers = await Promise.all(racers);

        expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
        const loser = answers.find((a) => a.status === 412)!;
        expect(loser.body.details).toEqual([{ expectedVersion: version, actualVersion: version + 1 }]);
        const retried = await t.http().patch(at(`/contracts/${itemId}`)).set('if-match', `"${version + 1}"`).send({ annualValue: 999 + round }).expect(200);
        expect(retried.body.version).toBe(version + 2);
      }
      const amendments = (await t.events()).filter((e) => e.type === 'RegisterItemAmended');
      expect(amendments).toHaveLength(20);
    });
  });

  describe.each([
    ['a full disk', 'SQLITE_FULL', (db: Database.Database) => db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`), (db: Database.Database) => db.pragma('max_page_count = 1073741823')],
    ['a read-only data file', 'SQLITE_READONLY', (db: Database.Database) => db.pragma('query_only = 1'), (db: Database.Database) => db.pragma('query_only = 0')],
  ])('%s', (_, code, fail, mend) => {
    let t: TestApp;
    beforeAll(async () => (t = await startTestApp()));
    afterAll(async () => t.close());

    it(`refuses writes with a clear 503, keeps serving reads, and loses nothing acknowledged (${code})`, async () => {
      const programmeId = await registerProgramme(t);
      const at = (path: string) => `/api/programmes/${programmeId}${path}`;
      const acknowledged: string[] = [];
      for (let i = 0; i < 20; i++) acknowledged.push((await t.http().post(at('/contracts')).send({ ...contractBody, reference: `ACK-${i}` }).expect(201)).body.id);
      const eventsBefore = (await t.events()).length;

      fail(connectionOf(t));
      // The page count limit bites once the file must grow: fill what room is left first.
      const refusals = [];
      for (let i = 0; i < 200 && refusals.length === 0; i++) {
        const response = await t.http().post(at('/contracts')).send({ ...contractBody, reference: `FULL-${i}`, title: 'x'.repeat(190) });
        if (response.status === 201) acknowledged.push(response.body.id);
        else refusals.push(response);
      }
      expect(refusals).toHaveLength(1);
      expect(refusals[0].status).toBe(503);
      expect(refusals[0].body).toEqual({ code: 'STORE_UNAVAILABLE', message: 'The event store cannot take changes right now; nothing was recorded. Reading still works.', details: [] });

      // Reads keep working, from the read models and from the event store alike.
      await t.http().get(at('/dashboard')).expect(200);
      const { body } = await t.http().get(at('/contracts?limit=1000')).expect(200);
      expect(body.items.map((i: { id: string }) => i.id).sort()).toEqual([...acknowledged].sort());
      await t.http().post(at('/verify')).send({}).expect(200);
      await t.http().get('/health').expect((r) => expect([200, 503]).toContain(r.status));

      mend(connectionOf(t));
      await t.http().post(at('/contracts')).send({ ...contractBody, reference: 'AFTER' }).expect(201);
      const events = await t.events();
      expect(events.length).toBe(eventsBefore + (acknowledged.length - 20) + 1);
      for (const id of acknowledged) expect(events.some((e) => (e.data as { itemId?: string }).itemId === id)).toBe(true);
    });
  });

  describe('a stored event altered or removed in the file', () => {
    let dataDir: string;
    beforeAll(() => (dataDir = mkdtempSync(join(tmpdir(), 'tracker-tampered-'))));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    it('is named by verification, and the server still starts and serves', async () => {
      const first = await startTestApp({ DATA_DIR: dataDir });
      const programmeId = await registerProgramme(first);
      const at = (path: string) => `/api/programmes/${programmeId}${path}`;
      for (let i = 0; i < 5; i++) await first.http().post(at('/contracts')).send({ ...contractBody, reference: `T-${i}` }).expect(201);
      const [, altered, , removed] = (await first.events()).filter((e) => e.type === 'ContractRegistered').map((e) => e.position);
      const file = (first.store as SqliteEventStore).filename;
      await first.close();

      const db = new Database(file);
      db.prepare(`UPDATE events SET data = json_set(data, '$.details.annualValue', 1) WHERE position = ?`).run(altered);
      db.prepare('DELETE FROM events WHERE position = ?').run(removed);
      db.close();

      const second = await startTestApp({ DATA_DIR: dataDir });
      try {
        await second.http().get(at('/dashboard')).expect(200);
        await second.http().get(at('/contracts')).expect(200);
        const { body } = await second.http().post(at('/verify')).send({}).expect(200);
        expect(body).toMatchObject({ valid: false, firstBadPosition: altered, problem: expect.stringContaining('altered') });
      } finally {
        await second.close();
      }
    });
  });
});
