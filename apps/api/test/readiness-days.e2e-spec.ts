import type Database from 'better-sqlite3';
import { ukDateOf } from '@tracker/domain';
import { READ_STORE } from '../src/infrastructure/tokens';
import { ProgrammeFold, judgeView } from '@tracker/read-models';
import { addDays } from '@tracker/readiness';
import { ProgrammeViews } from '../src/readiness/programme-views';
import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The day-by-day trend comes from days judged once and kept, when first asked for. It must say
 * what a replay of the whole history says, day for day — days without events included — when it
 * is kept up to date a little at a time as here, and after a rebuild of the read models.
 */
describe('the readiness trend, from its rollup', () => {
  let t: TestApp;
  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  /** How many days are kept: none until asked for, so a write never pays for judging them. */
  const days = () => (t.app.get<Database.Database>(READ_STORE).prepare('SELECT count(*) AS n FROM readiness_days').get() as { n: number }).n;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    const when = (day: string, hour = 10) => t.setNow(`${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
    when('2026-09-03');
    const contract = (await t.http().post(at('/contracts')).send(contractBody).expect(201)).body.id;
    const staff = (await t.http().post(at('/staff-groups')).send({ reference: 'TUPE-1', team: 'Fostering', headcount: 40, fte: 36, pensionScheme: 'none' }).expect(201)).body.id;
    when('2026-09-03', 23); // late in the evening, UTC: a BST day boundary to get right
    await t.http().post(at(`/contracts/${contract}/progress`)).send({ step: 'consent-requested' }).expect(200);
    when('2026-10-20');
    await t.http().post(at(`/contracts/${contract}/progress`)).send({ step: 'consent-received', effectiveAt: '2026-10-15' }).expect(200);
    await t.http().post(at('/findings')).send({ itemId: staff, title: 'ELI late', description: 'Not yet sent', severity: 'critical', owner: 'HR', dueDate: '2026-12-01' }).expect(201);
    // Asked for on the way: the days up to yesterday are judged and kept, the rest later.
    expect(days()).toBe(0);
    await t.http().get(at('/readiness/trend')).expect(200);
    expect(days()).toBe(49); // 1 September to 19 October
    when('2026-11-30');
    await t.http().get(at('/readiness/trend')).expect(200);
    when('2026-12-24');
    await t.http().post(at(`/staff-groups/${staff}/progress`)).send({ step: 'eli-received' }).expect(200);
    when('2027-01-05');
  });
  afterAll(async () => t.close());

  /** What a replay of every event says for each day up to today: the state at each day's end, judged on that day. */
  const replayed = async (until = '2027-01-05T23:59:59.999Z') => {
    const fold = new ProgrammeFold(programmeId);
    const days: { date: string; overall: unknown; areas: unknown }[] = [];
    let day: string | undefined;
    const close = () => {
      const view = fold.view()!;
      const { overall, areas } = judgeView(view, day!);
      days.push({ date: day!, overall, areas });
      day = addDays(day!, 1);
    };
    for (const event of await t.events()) {
      if (!event.streamId.startsWith(`programme-${programmeId}`) || event.metadata.recordedAt > until) continue;
      const eventDay = ukDateOf(event.metadata.recordedAt);
      while (day !== undefined && day < eventDay) close();
      day ??= eventDay;
      fold.apply(event);
    }
    while (day! <= ukDateOf(until)) close();
    return days;
  };

  it('says what a replay of the whole history says, for every day, and again after a rebuild', async () => {
    const expected = await replayed();
    expect(expected.length).toBeGreaterThan(100);
    const { days } = (await t.http().get(at('/readiness/trend')).expect(200)).body;
    expect(days).toEqual(expected);

    await t.http().post('/api/admin/rebuild').expect(200);
    expect((await t.http().get(at('/readiness/trend')).expect(200)).body.days).toEqual(expected);
  });

  it('draws the past as it was known then: days up to the one asked about, that day as it stood at the moment asked', async () => {
    const asOf = '2026-10-20T10:00:00.000Z';
    const expected = await replayed(asOf);
    expect(expected.at(-1)!.date).toBe('2026-10-20');
    expect(await t.app.get(ProgrammeViews).trend(programmeId, asOf)).toEqual(expected);
  });
});
