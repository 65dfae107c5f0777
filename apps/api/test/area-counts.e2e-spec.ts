import request from 'supertest';
import { registerProgramme } from './support/fixtures';
import { areaRowOf, signInSession } from './support/browser';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';

/**
 * One set of numbers: an area's counts on the dashboard, in the board pack and in the dashboard API
 * are its register's (its items by readiness), and what else the area is judged on — a finding
 * about the whole area — is counted apart, never passed off as an item.
 */
describe('area counts, the same on every page', () => {
  let t: TestApp;
  let programmeId: string;
  let cookie: string;
  const api = (path: string) => `/api/programmes/${programmeId}${path}`;
  const page = async (path: string) => (await request(t.app.getHttpServer()).get(`/programmes/${programmeId}${path}`).set('cookie', cookie).expect(200)).text;
  beforeAll(async () => {
    t = await startTestApp();
    programmeId = await registerProgramme(t);
    ({ cookie } = await signInSession(t, 'admin@localhost', ADMIN_PASSWORD));
    const group = (reference: string, team: string) => ({ reference, team, headcount: 12, fte: 10.5, pensionScheme: 'lgps' });
    await t.http().post(api('/staff-groups')).send(group('ST-1', 'Fostering')).expect(201);
    await t.http().post(api('/staff-groups')).send(group('ST-2', 'Adoption')).expect(201);
    // A high finding about the staff area as a whole, not about either group.
    await t.http().post(api('/findings')).send({ area: 'staff', title: 'No TUPE timetable', description: 'None agreed', severity: 'high', owner: 'Head of HR', dueDate: '2027-01-31' }).expect(201);
  });
  afterAll(async () => t.close());

  it('counts the staff register’s two groups as two on the dashboard, the board pack and the API, and the whole-area finding apart', async () => {
    const register = (await t.http().get(api('/staff-groups')).expect(200)).body.items as { readiness: { status: string } }[];
    const byStatus = (status: string) => register.filter((item) => item.readiness.status === status).length;
    const fromRegister = [byStatus('ready'), byStatus('at-risk'), byStatus('not-ready')];
    expect(fromRegister.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await page('/registers/staff-groups')).toContain('of 2 items (2 in the register)');

    const dashboard = (await t.http().get(api('/dashboard')).expect(200)).body.readiness.areas.find((a: { area: string }) => a.area === 'staff');
    expect([dashboard.itemCounts.ready, dashboard.itemCounts['at-risk'], dashboard.itemCounts['not-ready']]).toEqual(fromRegister);
    expect(dashboard.alsoJudged).toBe(1);
    // The rating still weighs the finding: the combined counts hold one more at risk.
    expect(dashboard.counts['at-risk']).toBe(dashboard.itemCounts['at-risk'] + 1);

    for (const html of [await page(''), await page('/board-pack')]) {
      expect(areaRowOf(html, 'Staff')).toEqual({ numbers: fromRegister, also: '1 open finding about the whole area' });
      expect(areaRowOf(html, 'Contracts')).toEqual({ numbers: [0, 0, 0], also: '—' });
    }
  });
});
