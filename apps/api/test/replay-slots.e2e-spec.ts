import { ReadAllOptions, StoredEvent } from '@tracker/event-store';
import { ProgrammeViews, REPLAY_QUEUE_LIMIT, REPLAYS_AT_ONCE } from '../src/readiness/programme-views';
import { ServerBusyError } from '../src/shared/server-busy';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Replays of the past are heavy: a few run at once, a few more wait, and past that the question is
 * refused at once with 503 and Retry-After rather than piled up until every answer times out.
 */
describe('replays of the past, at most a few at once', () => {
  let t: TestApp;
  let programmeId: string;
  beforeAll(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
    t.setNow('2026-11-23T10:00:00.000Z');
  });
  afterAll(async () => t.close());

  it('refuses one more past view than the slots and their queue hold with 503 SERVER_BUSY, and answers again once they drain', async () => {
    const views = t.app.get(ProgrammeViews);
    expect(await views.snapshotKeeper.waitFor(await t.store.headPosition())).toBe(true);
    // Every replay waits at its first read until let go, so the slots stay full.
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    const readAll = t.store.readAll.bind(t.store);
    const spy = jest.spyOn(t.store, 'readAll').mockImplementation((options?: ReadAllOptions) =>
      (async function* (): AsyncGenerator<StoredEvent> {
        await gate;
        yield* readAll(options);
      })(),
    );
    const asOf = '2026-11-22T23:00:00.000Z';
    const inFlight = Array.from({ length: REPLAYS_AT_ONCE + REPLAY_QUEUE_LIMIT }, () => views.judged(programmeId, { asOf }));

    const refused = await t.http().get(`/api/programmes/${programmeId}/dashboard?asOf=${asOf}`).expect(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body.code).toBe('SERVER_BUSY');
    expect(refused.body.message).toMatch(/nothing was changed\. Try again in a few seconds\.$/);
    await t.http().get(`/api/programmes/${programmeId}/dashboard?validAt=${asOf}`).expect(503);
    // The day-by-day trend's first replay takes a slot too.
    await expect(views.trend(programmeId)).rejects.toBeInstanceOf(ServerBusyError);
    // Now is read from the read models, not replayed: it is never refused.
    await t.http().get(`/api/programmes/${programmeId}/dashboard`).expect(200);
    // Only the replays in the slots have started reading; the rest wait their turn.
    expect(spy).toHaveBeenCalledTimes(REPLAYS_AT_ONCE);

    letGo();
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.view.programme.id)).toEqual(Array(inFlight.length).fill(programmeId));
    spy.mockRestore();
    await t.http().get(`/api/programmes/${programmeId}/dashboard?asOf=${asOf}`).expect(200);
  });
});
