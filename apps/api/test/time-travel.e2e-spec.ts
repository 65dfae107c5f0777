import { contractBody, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

describe('readiness at other times', () => {
  let t: TestApp;
  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const QUERIES = ['/readiness', '/dashboard', '/contracts', '/staff-groups', '/findings'] as const;
  const served: { when: string; body: Record<string, unknown>; answers: Record<string, unknown> }[] = [];
  const readinessNow = async (when: string) => {
    t.setNow(when);
    const answers: Record<string, unknown> = {};
    for (const query of QUERIES) answers[query] = (await t.http().get(at(query)).expect(200)).body;
    served.push({ when, body: answers['/readiness'] as Record<string, unknown>, answers });
  };
  let decisionId: string;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    await readinessNow('2026-09-01T09:00:01.000Z');
    t.setNow('2026-10-01T09:00:00.000Z');
    const staff = (await t.http().post(at('/staff-groups')).send({ reference: 'S-1', team: 'Fostering', headcount: 40, fte: 36, pensionScheme: 'none' }).expect(201)).body.id;
    const contract = (await t.http().post(at('/contracts')).send({ ...contractBody, mechanism: 'novate' }).expect(201)).body.id;
    await readinessNow('2026-10-01T09:00:01.000Z');
    t.setNow('2026-11-05T09:00:00.000Z');
    // Received on 1 November, logged on 5 November.
    await t.http().post(at(`/staff-groups/${staff}/progress`)).send({ step: 'eli-received', effectiveAt: '2026-11-01' }).expect(200);
    await t.http().post(at('/findings')).send({ itemId: contract, title: 'No consent', description: 'd', severity: 'critical', owner: 'o', dueDate: '2027-01-01' }).expect(201);
    await readinessNow('2026-11-05T09:00:00.500Z');
    t.setNow('2026-11-05T09:00:00.600Z');
    decisionId = (await t.http().post(at('/decisions')).send({ type: 'delivery-confidence', rating: 'amber-red', rationale: 'Consent refused' }).expect(201)).body.id;
    await readinessNow('2026-11-05T09:00:01.000Z');
    t.setNow('2026-11-22T10:00:00.000Z');
    await t.http().post(at(`/contracts/${contract}/progress`)).send({ step: 'consent-received' }).expect(200);
    await readinessNow('2026-11-22T10:00:01.000Z');
  });
  afterAll(async () => t.close());

  it('asked as of a past time, equals the readiness that was served at that time', async () => {
    for (const { when, body } of served) {
      const { asOf, validAt, ...then } = (await t.http().get(at(`/readiness?asOf=${when}`)).expect(200)).body;
      expect(asOf).toBe(when);
      expect(validAt).toBeNull();
      expect(then).toEqual(body);
    }
  });

  it('answers the dashboard, registers and findings as of a past time exactly as they were served then', async () => {
    for (const { when, answers } of served) {
      for (const query of QUERIES.slice(1)) {
        const separator = query.includes('?') ? '&' : '?';
        const { asOf, validAt, ...then } = (await t.http().get(at(`${query}${separator}asOf=${when}`)).expect(200)).body;
        expect([asOf, validAt]).toEqual([when, null]);
        expect({ query, when, then }).toEqual({ query, when, then: answers[query] });
      }
    }
  });

  it('shows what the board saw when it took a decision, with the digest that covers it', async () => {
    const { body } = await t.http().get(at(`/decisions/${decisionId}/dashboard`)).expect(200);
    expect(body.digest.reason).toBe(`board decision ${decisionId}`);
    // Served half a second before the decision, with nothing in between.
    expect(body.dashboard).toEqual(served[2].answers['/dashboard']);
    expect(body.dashboard.readiness.deliveryConfidence).toBeNull();
    const now = (await t.http().get(at('/dashboard')).expect(200)).body;
    expect(now.readiness.deliveryConfidence).toMatchObject({ rating: 'amber-red', decisionId });
    const verified = (await t.http().post(at('/verify')).send({ digests: [body.digest] }).expect(200)).body;
    expect(verified.valid).toBe(true);
  });

  it('says plainly when there is no such decision', async () => {
    const { body } = await t.http().get(at('/decisions/00000000-0000-4000-8000-000000000000/dashboard')).expect(404);
    expect(body.message).toMatch(/No board decision with id/);
  });

  it('tells what was known then apart from what is now known to have been true then', async () => {
    const eliOn = (body: { blockers: { ruleId: string }[] }) => !body.blockers.some((b) => b.ruleId === 'staff.eli');
    const known = (await t.http().get(at('/readiness?asOf=2026-11-03')).expect(200)).body;
    const trueThen = (await t.http().get(at('/readiness?validAt=2026-11-03')).expect(200)).body;
    expect(eliOn(known)).toBe(false);
    expect(eliOn(trueThen)).toBe(true);
    expect(trueThen.today).toBe('2026-11-03');
  });

  it('gives the ratings and counts for every day since the programme began', async () => {
    const { days } = (await t.http().get(at('/readiness/trend')).expect(200)).body;
    expect(days[0].date).toBe('2026-09-01');
    expect(days.at(-1).date).toBe('2026-11-22');
    expect(days).toHaveLength(83);
    const on = (date: string) => days.find((d: { date: string }) => d.date === date);
    expect(on('2026-11-05').overall).toBe(served[3].body.overall);
    expect(on('2026-11-22').areas).toEqual(served[4].body.areas);
    expect(on('2026-09-15').areas.find((a: { area: string }) => a.area === 'staff').rating).toBeNull();
  });

  it.each(['/readiness', '/dashboard', '/contracts', '/findings'])('%s refuses a time that is not ISO-8601', async (query) => {
    const { body } = await t.http().get(at(`${query}?asOf=last%20week&validAt=2026-13-01`)).expect(400);
    expect(body.details).toEqual([
      { field: 'asOf', problem: 'must be a date or an instant in ISO-8601' },
      { field: 'validAt', problem: 'must be a date or an instant in ISO-8601' },
    ]);
  });
});

describe('a bare date asked for is a UK day, as an effective date is', () => {
  it('does not count a step effective on 25 September in summer as true on 24 September, and counts it on the 25th', async () => {
    const t = await startTestApp({}, '2026-09-01T09:00:00.000Z');
    try {
      const programmeId = await registerProgramme(t);
      const at = (path: string) => `/api/programmes/${programmeId}${path}`;
      t.setNow('2026-09-02T09:00:00.000Z');
      const staff = (await t.http().post(at('/staff-groups')).send({ reference: 'S-1', team: 'Fostering', headcount: 40, fte: 36, pensionScheme: 'none' }).expect(201)).body.id;
      t.setNow('2026-10-01T09:00:00.000Z');
      // Effective from midnight in London on the 25th: 23:00 UTC on the 24th, in summer time.
      await t.http().post(at(`/staff-groups/${staff}/progress`)).send({ step: 'eli-received', effectiveAt: '2026-09-25' }).expect(200);
      const steps = async (validAt: string) => {
        const items = (await t.http().get(at(`/staff-groups?validAt=${validAt}`)).expect(200)).body.items as { id?: string; itemId?: string; steps?: object }[];
        const item = items.find((i) => (i.itemId ?? i.id) === staff);
        expect(item).toBeDefined();
        return item?.steps ?? {};
      };
      expect(await steps('2026-09-24')).not.toHaveProperty('eli-received');
      expect(await steps('2026-09-25')).toHaveProperty('eli-received');
    } finally {
      await t.close();
    }
  });
});
