import { CommitThenTimeOutStore, SqliteEventStore } from '@tracker/event-store';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * An append the event store did not confirm, through HTTP. The store is a test double around the
 * SQLite file, not EventStoreDB: it commits the append and then fails it as EventStoreDB's client
 * does when its deadline passes after the write was sent.
 */
describe('a write whose outcome the event store did not confirm', () => {
  let t: TestApp;
  let store: CommitThenTimeOutStore;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, (config) => (store = new CommitThenTimeOutStore(new SqliteEventStore(config.eventStoreFile))));
  });
  afterAll(async () => t.close());

  it('is answered 503 OUTCOME_UNKNOWN, and the retry with the same Idempotency-Key answers what was recorded, recorded once', async () => {
    const programmeId = await registerProgramme(t);
    await t.mark();
    store.timeOutAfterCommit();
    const unknown = await t.http().post(`/api/programmes/${programmeId}/contracts`).set('idempotency-key', 'contract-0412').send(contractBody);
    expect(unknown.status).toBe(503);
    expect(unknown.headers['retry-after']).toBe('2');
    expect(unknown.body.code).toBe('OUTCOME_UNKNOWN');
    expect(unknown.body.message).toContain('may or may not have been recorded');
    expect(unknown.body.message).toContain('same Idempotency-Key');
    expect(unknown.body.message).not.toContain('nothing was recorded');
    // It was, as EventStoreDB may do with a write it has timed out.
    expect(await t.events()).toHaveLength(1);

    const retried = await t.http().post(`/api/programmes/${programmeId}/contracts`).set('idempotency-key', 'contract-0412').send(contractBody).expect(201);
    expect(await t.events()).toHaveLength(1);
    expect((await t.events())[0].streamId).toContain(retried.body.id);
    await t.http().get(`/api/programmes/${programmeId}/contracts/${retried.body.id}`).expect(200);
  });
});
