import request from 'supertest';
import { DAY_ONE_CHECKLIST } from '@tracker/domain';
import { memberWithPassword, signInSession, summaryOf } from './support/browser';
import { northshire, registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The day-one checklist: what the new body cannot open its doors without, on a Northshire-like
 * timetable (go-live 1 April 2027), read on 1 March 2027.
 */
describe('the day-one checklist', () => {
  let t: TestApp;
  const api = (programmeId: string, path = '') => `/api/programmes/${programmeId}${path}`;

  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-22T10:00:00.000Z');
  });
  afterAll(async () => t?.close());

  it('a programme registered with it starts with the twelve essentials, each needed on day one and due by go-live', async () => {
    const { id } = (await t.http().post('/api/programmes').send({ ...northshire, dayOneChecklist: true }).expect(201)).body;
    const items = (await t.http().get(api(id, '/governance-items?limit=100')).expect(200)).body.items as { reference: string; details: Record<string, unknown> }[];
    expect(items.map((i) => i.reference).sort()).toEqual(DAY_ONE_CHECKLIST.map((e) => e.reference).sort());
    expect(items.every((i) => i.details.governanceKind === 'day-one' && i.details.neededOnDayOne === true)).toBe(true);
    const readiness = (await t.http().get(api(id, '/readiness')).expect(200)).body;
    const dayOne = (readiness.blockers as { ruleId: string; bitesOn: string }[]).filter((b) => b.ruleId === 'governance.day-one');
    expect(dayOne).toHaveLength(12);
    expect(dayOne.every((b) => b.bitesOn === northshire.goLiveDate)).toBe(true);
  });

  it('is added to a programme that has none, once: a second time adds nothing and leaves advisers’ changes alone', async () => {
    const programmeId = await registerProgramme(t, { name: 'Without the checklist' });
    expect((await t.http().get(api(programmeId, '/governance-items')).expect(200)).body.items).toEqual([]);
    const first = (await t.http().post(api(programmeId, '/day-one-checklist')).send({}).expect(200)).body;
    expect(first).toEqual({ added: DAY_ONE_CHECKLIST.map((e) => e.reference), alreadyThere: 0 });
    const items = (await t.http().get(api(programmeId, '/governance-items?limit=100')).expect(200)).body.items as { reference: string; id: string }[];
    const bank = items.find((i) => i.reference === 'DAY1-BANK')!;
    await t.http().patch(api(programmeId, `/governance-items/${bank.id}`)).send({ title: 'Bank account with Lloyds open', owner: 'Trust finance director' }).expect(200);
    await t.mark();
    expect((await t.http().post(api(programmeId, '/day-one-checklist')).send({}).expect(200)).body).toEqual({ added: [], alreadyThere: 12 });
    expect(await t.events()).toEqual([]);
    expect((await t.http().get(api(programmeId, `/governance-items/${bank.id}`)).expect(200)).body.details).toMatchObject({ title: 'Bank account with Lloyds open', owner: 'Trust finance director' });
    const bad = await t.http().post(api(programmeId, '/day-one-checklist')).send({ all: true }).expect(400);
    expect(bad.body.details).toEqual([{ field: 'all', problem: 'is not expected: this request takes no fields' }]);
  });

  it('an essential signed off is ready; the action plan picks out what is needed on day one, any item may carry the flag', async () => {
    const { id } = (await t.http().post('/api/programmes').send({ ...northshire, name: 'Signed off', dayOneChecklist: true }).expect(201)).body;
    const items = (await t.http().get(api(id, '/governance-items?limit=100')).expect(200)).body.items as { reference: string; id: string }[];
    const insurance = items.find((i) => i.reference === 'DAY1-ELI')!;
    await t.http().post(api(id, `/governance-items/${insurance.id}/progress`)).send({ step: 'signed-off', by: 'Trust finance director' }).expect(200);
    const contract = (await t.http().post(api(id, '/contracts')).send({ reference: 'C-1', supplier: 'Acme', title: 'Cleaning', annualValue: 100, expiryDate: '2028-01-31', mechanism: 'novate' }).expect(201)).body.id;
    await t.http().post(api(id, '/systems')).send({ reference: 'SYS-TEL', name: 'Telephony', category: 'telephony', migrationNeeded: false, neededOnDayOne: true }).expect(201);
    t.setNow('2027-03-01T10:00:00.000Z');
    const blockers = (await t.http().get(api(id, '/readiness')).expect(200)).body.blockers as { ruleId: string; reference?: string }[];
    expect(blockers.filter((b) => b.ruleId === 'governance.day-one').map((b) => b.reference)).toHaveLength(11);
    expect(blockers.map((b) => b.reference)).not.toContain('DAY1-ELI');
    const plan = (await t.http().get(api(id, '/action-plan?dayOne=yes')).expect(200)).body.actions as { subject: string; dayOne?: boolean }[];
    expect(plan.every((a) => a.dayOne === true)).toBe(true);
    expect(new Set(plan.map((a) => a.subject))).toEqual(new Set([...DAY_ONE_CHECKLIST.map((e) => e.reference).filter((r) => r !== 'DAY1-ELI'), 'SYS-TEL']));
    expect(plan.map((a) => a.subject)).not.toContain('C-1');
    expect((await t.http().get(api(id, '/action-plan')).expect(200)).body.actions.some((a: { href: string }) => a.href.endsWith(contract))).toBe(true);
    expect((await t.http().get(api(id, '/action-plan?dayOne=no')).expect(400)).body.details).toEqual([{ field: 'dayOne', problem: 'must be yes, or left out' }]);
    t.setNow('2026-11-22T10:00:00.000Z');
  });

  it('is added from the governance register’s page, and offered when registering a programme (yes by default)', async () => {
    const programmeId = await registerProgramme(t, { name: 'By the page' });
    await memberWithPassword(t, programmeId, 'adviser', 'day.one@northshire.example', 'a long enough passphrase');
    const adviser = await signInSession(t, 'day.one@northshire.example', 'a long enough passphrase');
    const http = () => request(t.app.getHttpServer());
    const register = (await http().get(`/programmes/${programmeId}/registers/governance-items`).set('cookie', adviser.cookie).expect(200)).text;
    expect(register).toContain(`/programmes/${programmeId}/registers/governance-items/day-one-checklist`);
    const form = (await http().get(`/programmes/${programmeId}/registers/governance-items/day-one-checklist`).set('cookie', adviser.cookie).expect(200)).text;
    expect(form).toContain('employer’s liability insurance in force');
    const done = await http().post(`/programmes/${programmeId}/registers/governance-items/day-one-checklist`).set('cookie', adviser.cookie).type('form').send({ _csrf: adviser.csrf }).expect(303);
    expect(done.headers.location).toBe(`/programmes/${programmeId}/registers/governance-items?done=day-one`);
    expect((await t.http().get(api(programmeId, '/governance-items?limit=100')).expect(200)).body.items).toHaveLength(12);

    const admin = await signInSession(t, 'admin@localhost', (await import('./support/test-app')).ADMIN_PASSWORD);
    const newForm = (await http().get('/programmes/new').set('cookie', admin.cookie).expect(200)).text;
    expect(newForm).toMatch(/name="dayOneChecklist"[^>]*value="yes"[^>]*checked|value="yes"[^>]*name="dayOneChecklist"[^>]*checked|id="dayOneChecklist"[^>]*checked/);
    const answers = { _csrf: admin.csrf, name: 'Registered by the page', council: 'Northshire County Council', newBody: 'Northshire Children’s Trust', legalForm: 'company-limited-by-guarantee', servicesInScope: 'Children’s social care', 'goLiveDate-day': '1', 'goLiveDate-month': '4', 'goLiveDate-year': '2027', dayOneChecklist: 'yes' };
    const registered = await http().post('/programmes/new').set('cookie', admin.cookie).type('form').send(answers);
    if (registered.status !== 303) throw new Error(`${registered.status}: ${summaryOf(registered.text).join(' | ')}`);
    const newId = /\/programmes\/([^?]+)\?done=programme/.exec(registered.headers.location)![1];
    expect((await t.http().get(api(newId, '/governance-items?limit=100')).expect(200)).body.items).toHaveLength(12);
  });
});
