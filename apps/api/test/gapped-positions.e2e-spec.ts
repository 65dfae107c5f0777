import { InMemoryEventStore } from '@tracker/event-store';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The application on a store whose positions have gaps, as EventStoreDB's do (they are offsets in
 * its log): the in-memory store in its byte-offset mode, not EventStoreDB. Nothing the tracker
 * answers may take a position for a count of events.
 */
describe('on a store whose positions have gaps (the in-memory store, byte offsets)', () => {
  let t: TestApp;
  let programmeId: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-02T09:00:00.000Z', () => new InMemoryEventStore({ positions: 'byte-offsets' }));
    programmeId = await registerProgramme(t);
    await t.http().post(api('/contracts')).send(contractBody).expect(201);
    await t.http().post(api('/findings')).send({ area: 'contracts', title: 'Consent', description: 'Awaited', severity: 'high', owner: 'Legal', dueDate: '2027-02-01' }).expect(201);
    t.setNow('2026-11-22T10:00:00.000Z');
    await t.http().post(api('/decisions')).send({ type: 'delivery-confidence', rating: 'amber', rationale: 'Consents late' }).expect(201);
  }, 60_000);
  afterAll(async () => t?.close());

  it('has positions that are not counts', async () => {
    const events = [];
    for await (const event of t.store.readAll()) events.push(event);
    expect(events.length).toBeGreaterThan(5);
    expect(await t.store.headPosition()).toBeGreaterThan(events.length * 10);
  });

  it('judges readiness now and as of a past day, and writes and reads as on any store', async () => {
    const now = (await t.http().get(api('/readiness')).expect(200)).body;
    expect(now.blockers.length).toBeGreaterThan(0);
    const then = (await t.http().get(api('/dashboard?asOf=2026-11-10')).expect(200)).body;
    expect(then).toBeDefined();
    await t.mark();
    await t.http().post(api('/notes')).send({ target: { kind: 'programme' }, text: 'Board pack sent' }).expect(201);
    expect(await t.events()).toHaveLength(1);
  });

  it('counts events as events: in the audit chain, a digest, the chain’s verification and a rebuild', async () => {
    const events = [];
    for await (const event of t.store.readAll()) if (event.streamId.startsWith(`programme-${programmeId}`)) events.push(event);
    const digest = (await t.http().post(api('/digests')).send({}).expect(201)).body;
    expect(digest.digest ?? digest).toMatchObject({ eventCount: events.length });
    const verified = (await t.http().post(api('/verify')).send({}).expect(200)).body;
    expect(JSON.stringify(verified)).toContain(`"eventCount":${events.length}`);
    const all = [];
    for await (const event of t.store.readAll()) all.push(event);
    const rebuilt = (await t.http().post('/api/admin/rebuild').expect(200)).body;
    expect(rebuilt).toMatchObject({ events: all.length, position: await t.store.headPosition() });
    expect((await t.http().get(api('/readiness')).expect(200)).body.blockers.length).toBeGreaterThan(0);
  });
});
