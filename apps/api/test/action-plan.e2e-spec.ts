import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { binaryBody, violationsOnPages } from './support/browser';
import { contractBody, registerProgramme } from './support/fixtures';
import { ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stdout.write(`Action plan browser test SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);
const withChromium = haveChromium ? it : it.skip;

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ').trim();

/**
 * "Who does what by when" in the last weeks before go-live (1 April 2027), seen on 8 March 2027
 * (T-3 weeks): items with an owner and a target, one without, an open finding, a go's condition.
 */
describe('the action plan', () => {
  let t: TestApp;
  let programmeId: string;
  let payroll: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  type Row = { kind: string; subject: string; what: string; owner?: string; due: string; ruleDue?: string; overdue: boolean; blocks: string };
  const plan = async (query = '') => (await t.http().get(api(`/action-plan${query}`)).expect(200)).body as { today: string; actions: Row[] };

  beforeAll(async () => {
    t = await startTestApp({}, '2026-11-02T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    // The contract's novation is owned by legal with a target a fortnight before the rule's deadline (go-live).
    await t.http().post(api('/contracts')).send({ ...contractBody, owner: 'Council legal — contracts team', targetDate: '2027-03-15' }).expect(201);
    // An SLA with an owner and a target already past on the day the plan is read.
    payroll = (await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36, owner: 'Council HR — payroll lead', targetDate: '2027-03-01' }).expect(201)).body.id;
    // No owner named.
    await t.http().post(api('/systems')).send({ reference: 'SYS-MOS', name: 'Mosaic', category: 'case-management', migrationNeeded: false }).expect(201);
    await t.http().post(api('/findings')).send({ area: 'systems', title: 'No data sharing agreement for Mosaic', description: 'd', severity: 'medium', owner: 'Head of ICT', dueDate: '2027-03-22' }).expect(201);
    t.setNow('2027-02-01T10:00:00.000Z');
    await t.http().post(api('/decisions')).send({ type: 'go-no-go', decision: 'go', reasons: 'Ready enough', conditions: [{ text: 'Payroll parallel run passed', owner: 'Council HR — payroll lead', dueOn: '2027-03-25' }] }).expect(201);
    t.setNow('2027-03-08T10:00:00.000Z');
  }, 60_000);
  afterAll(async () => t?.close());

  it('lists everything outstanding with its owner and due day, overdue first, the owner’s target beside the rule’s own deadline', async () => {
    const { today, actions } = await plan();
    expect(today).toBe('2027-03-08');
    // The SLA's target has passed: overdue, first; its rule's deadline (go-live) is still ahead.
    expect(actions[0]).toMatchObject({ kind: 'item', subject: 'SLA-PAY', owner: 'Council HR — payroll lead', due: '2027-03-01', ruleDue: '2027-04-01', overdue: true, blocks: 'Go-live on 1 April 2027' });
    const contract = actions.filter((a) => a.subject === 'NCC-0412');
    expect(contract.length).toBeGreaterThan(0);
    expect(contract.every((a) => a.owner === 'Council legal — contracts team' && a.due === '2027-03-15' && !a.overdue)).toBe(true);
    // Without an owner or a target, the rule's own deadline.
    expect(actions.find((a) => a.subject === 'SYS-MOS')).toMatchObject({ due: '2027-04-01', overdue: false });
    expect(actions.find((a) => a.subject === 'SYS-MOS')!.owner).toBeUndefined();
    expect(actions.find((a) => a.kind === 'finding')).toMatchObject({ subject: 'No data sharing agreement for Mosaic', owner: 'Head of ICT', due: '2027-03-22', blocks: 'Nothing (medium or low)' });
    expect(actions.find((a) => a.kind === 'condition')).toMatchObject({ what: 'Payroll parallel run passed', owner: 'Council HR — payroll lead', due: '2027-03-25', blocks: 'Recording go-live on 1 April 2027' });
    const notOverdue = actions.filter((a) => !a.overdue).map((a) => a.due);
    expect(notOverdue).toEqual([...notOverdue].sort());
  });

  it('filters by owner (no owner named too) and by area, and refuses an unknown area naming it', async () => {
    const hr = await plan(`?owner=${encodeURIComponent('Council HR — payroll lead')}`);
    expect(new Set(hr.actions.map((a) => a.kind))).toEqual(new Set(['item', 'condition']));
    expect((await plan('?owner=')).actions.every((a) => a.owner === undefined)).toBe(true);
    expect((await plan('?area=systems')).actions.map((a) => a.subject)).toEqual(expect.arrayContaining(['SYS-MOS', 'No data sharing agreement for Mosaic']));
    const bad = await t.http().get(api('/action-plan?area=money')).expect(400);
    expect(bad.body.details).toEqual([{ field: 'area', problem: expect.stringContaining('must be one of: systems') }]);
  });

  it('follows the owner as the item changes hands', async () => {
    await t.http().patch(api(`/slas/${payroll}`)).send({ owner: 'Trust finance — payroll', targetDate: '2027-03-19' }).expect(200);
    const row = (await plan()).actions.find((a) => a.subject === 'SLA-PAY')!;
    expect(row).toMatchObject({ owner: 'Trust finance — payroll', due: '2027-03-19', overdue: false });
  });

  it('exports the same rows as CSV and XLSX', async () => {
    const { actions } = await plan();
    const csv = await t.http().get(api('/action-plan?format=csv')).expect(200).expect('content-type', /text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="action-plan-northshire-children-s-services-transition-2027-03-08\.csv"/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('Owner,Due,Overdue,Area,About,What,Rule’s own deadline,Holds up,Needed on day one');
    expect(lines).toHaveLength(actions.length + 1);
    const xlsx = await t
      .http()
      .get(api('/action-plan?format=xlsx'))
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    expect(workbook.worksheets[0].name).toBe('Action plan');
    expect(workbook.worksheets[0].actualRowCount).toBe(actions.length + 1);
    expect((await t.http().get(api('/action-plan?format=pdf')).expect(400)).body.details).toEqual([{ field: 'format', problem: 'must be one of: json, csv, xlsx' }]);
  });

  it('shows the plan by owner, and by week with each week’s T-minus', async () => {
    const headings = (html: string) => [...html.matchAll(/data-testid="plan-group">([^<]+)</g)].map((m) => textOf(m[1]));
    const byOwner = headings((await t.http().get(`/programmes/${programmeId}/action-plan`).expect(200)).text);
    expect(byOwner).toEqual(['Council HR — payroll lead', 'Council legal — contracts team', 'Head of ICT', 'Trust finance — payroll', 'No owner named']);
    const byWeek = headings((await t.http().get(`/programmes/${programmeId}/action-plan?by=week`).expect(200)).text);
    expect(byWeek).toEqual(['Week beginning 15 March 2027 (T-2 weeks)', 'Week beginning 22 March 2027 (T-1 week)', 'Week beginning 29 March 2027 (go-live week)']);
  });

  withChromium('passes axe', async () => {
    expect(await violationsOnPages(t, ADMIN_TOKEN, ['', '?by=week'].map((query) => `/programmes/${programmeId}/action-plan${query}`))).toEqual({});
  });
});
