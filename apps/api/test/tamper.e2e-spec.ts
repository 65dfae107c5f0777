import Database from 'better-sqlite3';
import { loadPublicKey, verifyDigest, verifyExport } from '@tracker/audit';
import { SqliteEventStore } from '@tracker/event-store';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('tamper evidence over HTTP', () => {
  let t: TestApp;
  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const tamper = (sql: string) => {
    const db = new Database((t.store as SqliteEventStore).filename);
    try {
      db.prepare(sql).run();
    } finally {
      db.close();
    }
  };
  const positionOf = async (type: string) => (await t.events()).find((e) => e.type === type)!.position;

  beforeEach(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
    const itemId = (await t.http().post(at('/contracts')).send(contractBody).expect(201)).body.id;
    await t.http().post(at('/findings')).send({ itemId, title: 'Deed unsigned', description: 'Awaiting Carefirst', severity: 'high', owner: 'Legal', dueDate: '2027-01-31' }).expect(201);
    await t.http().post(at('/decisions')).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Novations outstanding' }).expect(201);
    await t.http().post(at(`/contracts/${itemId}/progress`)).send({ step: 'consent-requested' }).expect(200);
  });
  afterEach(async () => t.close());

  it('takes a signed digest of what the board saw at each decision, and on demand', async () => {
    const decisionPosition = await positionOf('BoardRatingRecorded');
    await t.http().post(at('/digests')).expect(201);
    const { body } = await t.http().get(at('/digests')).expect(200);
    expect(body.items).toHaveLength(2);
    const [atDecision, onDemand] = body.items;
    expect(atDecision).toMatchObject({ programmeId, position: decisionPosition - 1, eventCount: 3, reason: expect.stringMatching(/^board decision /) });
    expect(onDemand).toMatchObject({ eventCount: 5, reason: 'on request' });
    const key = loadPublicKey(body.publicKey);
    expect(verifyDigest(atDecision, key)).toBe(true);
    expect(verifyDigest({ ...atDecision, eventCount: 4 }, key)).toBe(false);
  });

  it('verifies an untouched history', async () => {
    const { body } = await t.http().post(at('/verify')).send({}).expect(200);
    expect(body).toMatchObject({ valid: true, events: 5, headHash: expect.stringMatching(/^[0-9a-f]{64}$/), signedUpTo: expect.any(Number), coverage: { covered: 3, uncovered: 2 } });
    // Two events came after the decision's digest: no digest covers them, and the answer says so.
    expect(body.coverage.statement).toMatch(/^Events up to position \d+ \(3 events\) match the signed digest of .*; 2 later events are not covered by any digest\.$/);
  });

  it('names exactly the event that was altered in the file', async () => {
    const position = await positionOf('FindingRaised');
    tamper(`UPDATE events SET data = json_set(data, '$.title', 'Nothing to see') WHERE position = ${position}`);
    const { body } = await t.http().post(at('/verify')).send({}).expect(200);
    expect(body).toMatchObject({ valid: false, firstBadPosition: position, problem: expect.stringContaining('altered') });
  });

  it('still names the altered event after the read models are rebuilt: the recorded chain is kept, not rebuilt from the altered file', async () => {
    const position = await positionOf('FindingRaised');
    tamper(`UPDATE events SET data = json_set(data, '$.title', 'Nothing to see') WHERE position = ${position}`);
    await t.http().post('/api/admin/rebuild').expect(200);
    const { body } = await t.http().post(at('/verify')).send({}).expect(200);
    expect(body).toMatchObject({ valid: false, firstBadPosition: position, problem: expect.stringContaining('altered') });
  });

  it('names the gap where an event was deleted from the file', async () => {
    const position = await positionOf('ContractRegistered');
    tamper(`DELETE FROM events WHERE position = ${position}`);
    const { body } = await t.http().post(at('/verify')).send({}).expect(200);
    expect(body).toMatchObject({ valid: false, firstBadPosition: position, problem: expect.stringContaining('removed') });
  });

  it('lets an auditor verify an export offline with the digests and the public key, and see a changed line', async () => {
    await t.http().post(at('/digests')).expect(201);
    const exported = (await t.http().get(at('/audit?format=jsonl')).expect(200)).text;
    const { body } = await t.http().get(at('/digests')).expect(200);
    const digests = JSON.stringify(body.items);
    expect(verifyExport(exported, digests, body.publicKey)).toMatchObject({ valid: true, events: 5 });

    const lines = exported.trim().split('\n');
    lines[2] = lines[2].replace('Deed unsigned', 'Deed signed');
    const altered = verifyExport(`${lines.join('\n')}\n`, digests, body.publicKey);
    expect(altered).toMatchObject({ valid: false, problem: expect.stringContaining('altered') });
  });

  it('refuses a digest for another programme with 400', async () => {
    const other = { programmeId: 'someone-else', position: 1, eventCount: 1, headHash: '0'.repeat(64), takenAt: '2026-11-22T10:00:00Z', signature: 'x' };
    const { body } = await t.http().post(at('/verify')).send({ digests: [other] }).expect(400);
    expect(body.details).toEqual([{ field: 'digests[0].programmeId', problem: 'must be this programme’s id' }]);
  });
});
