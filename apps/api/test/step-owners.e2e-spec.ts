import request from 'supertest';
import { existsSync } from 'node:fs';
import { memberWithPassword, signInSession, summaryOf, violationsOnPages } from './support/browser';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stdout.write(`Step owners browser test SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);
const withChromium = haveChromium ? it : it.skip;

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ').trim();

/**
 * One step of an item seen through by someone other than the item's owner, on a Northshire-like
 * timetable (go-live 1 April 2027): the fostering team's transfer is HR's, but its employee
 * liability information (due 4 March 2027, 28 days before) is the TUPE lead's.
 */
describe('owners of outstanding steps', () => {
  let t: TestApp;
  let programmeId: string;
  let staff: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const eli = () => api(`/staff-groups/${staff}/step-owners/staff.eli`);
  type Row = { subject: string; ruleId?: string; owner?: string; due: string; ruleDue?: string; overdue: boolean; holdsUpGoLive: boolean };
  const rows = async () => ((await t.http().get(api('/action-plan')).expect(200)).body.actions as Row[]).filter((a) => a.subject === 'STAFF-01');

  beforeAll(async () => {
    t = await startTestApp({}, '2027-01-04T10:00:00.000Z');
    programmeId = await registerProgramme(t);
    staff = (await t.http().post(api('/staff-groups')).send({ reference: 'STAFF-01', team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps', owner: 'Council HR — payroll lead' }).expect(201)).body.id;
  }, 60_000);
  afterAll(async () => t?.close());

  it('gives one step an owner and a target of its own; the item’s other steps stay with the item’s owner', async () => {
    const before = await rows();
    expect(before.length).toBeGreaterThan(1);
    expect(before.every((r) => r.owner === 'Council HR — payroll lead' && r.holdsUpGoLive)).toBe(true);
    expect(before.find((r) => r.ruleId === 'staff.eli')).toMatchObject({ due: '2027-03-04' });

    await t.http().put(eli()).send({ owner: 'Council HR — TUPE lead', targetDate: '2027-02-19' }).expect(200);
    const after = await rows();
    expect(after.find((r) => r.ruleId === 'staff.eli')).toMatchObject({ owner: 'Council HR — TUPE lead', due: '2027-02-19', ruleDue: '2027-03-04' });
    expect(after.filter((r) => r.ruleId !== 'staff.eli').every((r) => r.owner === 'Council HR — payroll lead')).toBe(true);
    // A target later than the law allows does not put the deadline off.
    await t.http().put(eli()).send({ owner: 'Council HR — TUPE lead', targetDate: '2027-03-20' }).expect(200);
    expect((await rows()).find((r) => r.ruleId === 'staff.eli')).toMatchObject({ owner: 'Council HR — TUPE lead', due: '2027-03-04' });
    // Two steps' owners named one after the other: neither is lost.
    await t.http().put(api(`/staff-groups/${staff}/step-owners/staff.inform`)).send({ owner: 'Council HR — employee relations' }).expect(200);
    const item = (await t.http().get(api(`/staff-groups/${staff}`)).expect(200)).body;
    expect(item.details.stepOwners).toEqual({ 'staff.eli': { owner: 'Council HR — TUPE lead', targetDate: '2027-03-20' }, 'staff.inform': { owner: 'Council HR — employee relations' } });
    // The same again records nothing.
    await t.mark();
    await t.http().put(api(`/staff-groups/${staff}/step-owners/staff.inform`)).send({ owner: 'Council HR — employee relations' }).expect(200);
    expect(await t.events()).toEqual([]);
  });

  it('hands a step back to the item’s owner', async () => {
    await t.http().delete(api(`/staff-groups/${staff}/step-owners/staff.inform`)).expect(200);
    expect((await rows()).find((r) => r.ruleId === 'staff.inform')).toMatchObject({ owner: 'Council HR — payroll lead' });
    expect((await t.http().get(api(`/staff-groups/${staff}`)).expect(200)).body.details.stepOwners).toEqual({ 'staff.eli': { owner: 'Council HR — TUPE lead', targetDate: '2027-03-20' } });
    const history = (await t.http().get(api(`/audit?limit=5`)).expect(200)).body;
    expect(JSON.stringify(history)).toContain('owners of steps');
  });

  it('refuses an unknown rule, a rule of another register, no owner and a bad date, writing nothing', async () => {
    await t.mark();
    const unknown = await t.http().put(api(`/staff-groups/${staff}/step-owners/staff.nothing`)).send({ owner: 'X' }).expect(404);
    expect(unknown.body.message).toMatch(/^No readiness rule staff\.nothing applies to the staff register; its steps answer staff\.eli, /);
    await t.http().put(api(`/staff-groups/${staff}/step-owners/contracts.novation`)).send({ owner: 'X' }).expect(404);
    await t.http().put(api(`/contracts/${staff}/step-owners/contracts.novation`)).send({ owner: 'X' }).expect(404);
    await t.http().put(api(`/staff-groups/no-such-item/step-owners/staff.eli`)).send({ owner: 'X' }).expect(404);
    const none = await t.http().put(eli()).send({ targetDate: '2027-02-19' }).expect(400);
    expect(none.body.details).toEqual([expect.objectContaining({ field: 'owner' })]);
    const date = await t.http().put(eli()).send({ owner: 'Council HR — TUPE lead', targetDate: '19/02/2027' }).expect(400);
    expect(date.body.details).toEqual([expect.objectContaining({ field: 'targetDate' })]);
    const body = await t.http().delete(eli()).send({ owner: 'X' }).expect(400);
    expect(body.body.details).toEqual([{ field: 'owner', problem: 'is not expected: this request takes no fields' }]);
    expect(await t.events()).toEqual([]);
  });

  it('is named from the item’s page and the action plan, by an adviser, on a form that says what the rule is', async () => {
    await memberWithPassword(t, programmeId, 'adviser', 'steps.adviser@northshire.example', 'a long enough passphrase');
    const adviser = await signInSession(t, 'steps.adviser@northshire.example', 'a long enough passphrase');
    const http = () => request(t.app.getHttpServer());
    const itemPage = `/programmes/${programmeId}/registers/staff-groups/${staff}`;
    const page = textOf((await http().get(itemPage).set('cookie', adviser.cookie).expect(200)).text);
    expect(page).toContain('Owner: Council HR — TUPE lead, target 20 March 2027 — Change the owner of this step');
    expect(page).toContain('Owner: Council HR — payroll lead (the item’s) — Name an owner of this step');
    const plan = (await http().get(`/programmes/${programmeId}/action-plan`).set('cookie', adviser.cookie).expect(200)).text;
    expect(plan).toContain(`${itemPage}/step-owners/staff.eli`);

    const form = `${itemPage}/step-owners/staff.inform`;
    const shown = textOf((await http().get(form).set('cookie', adviser.cookie).expect(200)).text);
    expect(shown).toContain('Representatives of the affected staff are informed at least 30 days before transfer');
    // A target with no owner is sent back, naming the field; nothing is written.
    await t.mark();
    const refused = await http().post(form).set('cookie', adviser.cookie).type('form').send({ _csrf: adviser.csrf, owner: '', 'targetDate-day': '1', 'targetDate-month': '2', 'targetDate-year': '2027' }).expect(400);
    expect(summaryOf(refused.text)).toEqual(['owner: Enter the owner of this step, or leave the target date empty']);
    expect(await t.events()).toEqual([]);
    const saved = await http().post(form).set('cookie', adviser.cookie).type('form').send({ _csrf: adviser.csrf, owner: 'Council HR — employee relations', 'targetDate-day': '1', 'targetDate-month': '2', 'targetDate-year': '2027' }).expect(303);
    expect(saved.headers.location).toBe(`${itemPage}?done=step-owner`);
    expect((await rows()).find((r) => r.ruleId === 'staff.inform')).toMatchObject({ owner: 'Council HR — employee relations', due: '2027-02-01' });
    // Emptied, the step goes back to the item's owner.
    await http().post(form).set('cookie', adviser.cookie).type('form').send({ _csrf: adviser.csrf, owner: '' }).expect(303);
    expect((await rows()).find((r) => r.ruleId === 'staff.inform')).toMatchObject({ owner: 'Council HR — payroll lead' });
    // An unknown rule is a page that says so.
    await http().get(`${itemPage}/step-owners/staff.nothing`).set('cookie', adviser.cookie).expect(404);
  });

  withChromium('passes axe', async () => {
    const { token } = await memberWithPassword(t, programmeId, 'adviser', 'axe.adviser@northshire.example', 'a long enough passphrase');
    const itemPage = `/programmes/${programmeId}/registers/staff-groups/${staff}`;
    expect(await violationsOnPages(t, token, [itemPage, `${itemPage}/step-owners/staff.eli`])).toEqual({});
  });
});
