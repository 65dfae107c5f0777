import request from 'supertest';
import { existsSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { binaryBody, memberWithPassword, signInSession, summaryOf, violationsOnPages } from './support/browser';
import { registerProgramme } from './support/fixtures';
import { ADMIN_TOKEN, startTestApp, TestApp } from './support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) process.stdout.write(`Money browser test SKIPPED: ${CHROMIUM} is missing (install Debian's chromium; .ci/run does).\n`);
const withChromium = haveChromium ? it : it.skip;

const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&rsquo;/g, '’').replace(/\s+/g, ' ').trim();

/**
 * The money of a Northshire-like trust going live on 1 April 2027, built as the advisers would over
 * the winter of 2026–27: the council's 2026-27 budget as the baseline, a cost model for 2027-28 to
 * 2029-30 with income, the contract sum and grants, two SLAs bought back, the envelope, a
 * working-capital facility and the contract paid monthly in arrears; the board agrees it in February.
 */
describe('the money: baseline, cost model, reconciliation and cash', () => {
  let t: TestApp;
  let programmeId: string;
  let payroll: string;
  let legal: string;
  const api = (path = '') => `/api/programmes/${programmeId}${path}`;
  const money = async () => (await t.http().get(api('/money')).expect(200)).body;
  const blocking = async () => ((await t.http().get(api('/readiness')).expect(200)).body.blockers as { ruleId: string; message: string }[]).filter((b) => b.ruleId.startsWith('budgets.') || b.ruleId === 'slas.budget-covers-price');
  const line = (reference: string, financialYear: string, category: string, amount: number, assumption?: string) =>
    t.http().post(api('/budgets/cost-model-lines')).send({ reference, financialYear, category, description: reference, amount, ...(assumption ? { assumption } : {}) }).expect(200);

  beforeAll(async () => {
    t = await startTestApp({}, '2026-10-05T09:00:00.000Z');
    programmeId = await registerProgramme(t);
    payroll = (await t.http().post(api('/slas')).send({ reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time'], annualPrice: 85000, termMonths: 36 }).expect(201)).body.id;
    legal = (await t.http().post(api('/slas')).send({ reference: 'SLA-LEG', service: 'legal', kpis: ['Advice in 24 hours'], annualPrice: 120000, termMonths: 36 }).expect(201)).body.id;
  }, 60_000);
  afterAll(async () => t?.close());

  it('with nothing recorded, the cost model is due by go-live', async () => {
    expect((await blocking()).map((b) => b.ruleId)).toEqual(['budgets.envelope', 'budgets.cost-model-agreed']);
    expect(await money()).toMatchObject({ yearOne: '2027-28', rating: expect.any(String) });
  });

  it('builds three years with the baseline, income, the contract sum, SLA buy-backs and a facility, and reconciles them to the penny', async () => {
    // The council's 2026-27 budget for the service, from its ledger.
    for (const [reference, costCentre, category, amount] of [
      ['BL-SW', 'C4100 Social work', 'staff', 11_800_000],
      ['BL-PL', 'C4300 Placements', 'placements', 6_100_000],
      ['BL-TR', 'C4400 Transport', 'transport', 450_000],
      ['BL-IN', 'C4990 Fees', 'income', 300_000],
    ] as const) {
      await t.http().post(api('/budgets/baseline-lines')).send({ reference, financialYear: '2026-27', costCentre, category, description: costCentre.slice(6), amount }).expect(200);
    }
    // Year one balances; year two is £150,000 short; year three has a grant that closes it.
    await line('CM1-STAFF', '2027-28', 'staff', 12_150_000, '286 FTE at 2026-27 pay scales plus 3%');
    await line('CM1-PLAC', '2027-28', 'placements', 6_300_000);
    await line('CM1-SLA', '2027-28', 'support-services', 205_000, 'Payroll and legal at their prices');
    await line('CM1-TRANS', '2027-28', 'transport', 450_000);
    await line('CM1-FEES', '2027-28', 'income', 305_000);
    await line('CM1-SUM', '2027-28', 'contract-sum', 18_800_000.5);
    await line('CM2-STAFF', '2028-29', 'staff', 12_500_000);
    await line('CM2-PLAC', '2028-29', 'placements', 6_500_000);
    await line('CM2-SUM', '2028-29', 'contract-sum', 18_850_000);
    await line('CM3-STAFF', '2029-30', 'staff', 12_900_000);
    await line('CM3-SUM', '2029-30', 'contract-sum', 12_700_000);
    await line('CM3-GRANT', '2029-30', 'other-grants', 200_000);
    for (const [slaId, amount] of [[payroll, 85000], [legal, 120000]] as const) {
      for (const financialYear of ['2027-28', '2028-29', '2029-30']) await t.http().post(api('/budgets/buy-back')).send({ slaId, financialYear, amount }).expect(200);
    }
    await t.http().post(api('/budgets/envelopes')).send({ financialYear: '2027-28', amount: 210000 }).expect(200);
    await t.http().post(api('/budgets/envelopes')).send({ financialYear: '2028-29', amount: 200000 }).expect(200);
    await t.http().put(api('/budgets/payment-profile')).send({ timing: 'monthly-in-arrears' }).expect(200);

    const m = await money();
    const [one, two, three] = m.years;
    expect(one).toMatchObject({ financialYear: '2027-28', expenditure: 19_105_000, income: 19_105_000.5, contractSum: 18_800_000.5, surplus: 0.5 });
    expect(two).toMatchObject({ financialYear: '2028-29', expenditure: 19_000_000, income: 18_850_000, surplus: -150_000 });
    expect(three).toMatchObject({ financialYear: '2029-30', expenditure: 12_900_000, income: 12_900_000, surplus: 0 });
    // Against the council's 2026-27 budget, category by category, with the lines behind each gap.
    expect(m.comparedWith).toBe('2026-27');
    const staff = one.byCategory.find((c: { category: string }) => c.category === 'staff');
    expect(staff).toMatchObject({ costModel: 12_150_000, baseline: 11_800_000, gap: 350_000, lines: [{ reference: 'CM1-STAFF', amount: 12_150_000, assumption: '286 FTE at 2026-27 pay scales plus 3%' }] });
    // Buy-back against the envelope every year that has one: within in year one, over in year two.
    expect(one.buyBack).toEqual({ total: 205_000, envelope: 210_000 });
    expect(two.buyBack).toEqual({ total: 205_000, envelope: 200_000 });
    expect(one.slas).toEqual([
      { itemId: legal, reference: 'SLA-LEG', price: 120_000, budget: 120_000 },
      { itemId: payroll, reference: 'SLA-PAY', price: 85_000, budget: 85_000 },
    ].sort((a, b) => a.reference.localeCompare(b.reference)));
    // Paid in arrears, the first month receives only the fees: £1,592,083.33 goes out, £25,416.67 comes in.
    expect(m.cashFlow.months[0]).toEqual({ month: '2027-04', receipts: 25_416.67, payments: 1_592_083.33, closing: -1_566_666.66 });
    expect(m.cashFlow).toMatchObject({ lowest: -1_566_666.66, lowestMonth: '2027-04', timing: 'monthly-in-arrears' });
    expect(m.paymentTiming).toBe('monthly-in-arrears');

    const rules = (await blocking()).map((b) => b.message).sort();
    expect(rules).toEqual([
      'Buy-back £205,000 exceeds the £200,000 envelope for 2028-29',
      'Cash-flow forecast falls £1,566,666.66 below zero in April 2027 with no working-capital facility: a facility to cover it: due by 1 April 2027',
      'Cost model for 2027-28 agreed by the board: due by 1 April 2027',
    ]);
  });

  it('meets each rule once the facility covers the lowest point, the envelope is raised and the board agrees the model', async () => {
    await t.http().put(api('/budgets/facility')).send({ amount: 1_500_000, lender: 'Northshire County Council', drawdown: 'On notice', repaymentTerms: 'Repayable within 30 days of the final contract payment' }).expect(200);
    expect((await blocking()).map((b) => b.ruleId)).toContain('budgets.cash-flow');
    await t.http().put(api('/budgets/facility')).send({ amount: 1_600_000, lender: 'Northshire County Council', drawdown: 'On notice', repaymentTerms: 'Repayable within 30 days of the final contract payment' }).expect(200);
    await t.http().post(api('/budgets/envelopes')).send({ financialYear: '2028-29', amount: 210000 }).expect(200);
    t.setNow('2027-02-10T18:00:00.000Z');
    await t.http().post(api('/budgets/cost-model/agreement')).send({ agreedBy: 'Shadow Trust Board' }).expect(200);
    expect(await blocking()).toEqual([]);
    expect((await money()).agreement).toEqual({ version: 1, agreedOn: '2027-02-10', agreedBy: 'Shadow Trust Board', asAgreed: { '2027-28': true, '2028-29': true, '2029-30': true, '2030-31': true, '2031-32': true } });
  });

  it('a year-one line changed after the agreement needs agreeing again, and a deficit is the board’s to accept', async () => {
    await line('CM1-STAFF', '2027-28', 'staff', 12_400_000, '286 FTE, pay award 5%');
    // A deficit drains the cash month by month, past the facility.
    expect((await blocking()).map((b) => b.message).sort()).toEqual([
      'Cash-flow forecast falls £1,816,666.19 below zero in March 2028, beyond the £1,600,000 facility: a facility to cover it: due by 1 April 2027',
      'Cost model for 2027-28 agreed again: changed since version 1 was agreed on 10 February 2027: due by 1 April 2027',
      'Year one (2027-28) deficit of £249,999.50 (income £19,105,000.50, expenditure £19,355,000) closed or accepted by the board: due by 1 April 2027',
    ]);
    await t.http().post(api('/budgets/cost-model/agreement')).send({ agreedBy: 'Shadow Trust Board', deficitsAccepted: [{ financialYear: '2027-28', reason: 'Met from the council’s transition reserve (Cabinet, 8 February)' }] }).expect(200);
    // Accepting the deficit does not find the cash for it: the facility must still cover the lowest point.
    expect((await blocking()).map((b) => b.ruleId)).toEqual(['budgets.cash-flow']);
    await t.http().put(api('/budgets/facility')).send({ amount: 1_850_000, lender: 'Northshire County Council', drawdown: 'On notice', repaymentTerms: 'Repayable within 30 days of the final contract payment' }).expect(200);
    expect(await blocking()).toEqual([]);
    expect((await money()).years[0]).toMatchObject({ surplus: -249_999.5, deficitAccepted: 'Met from the council’s transition reserve (Cabinet, 8 February)' });
  });

  it('refuses a negative staff cost, an unknown category, a year outside the programme and a deficit for a year without lines: 400 naming the field, writing nothing', async () => {
    await t.mark();
    const refused = async (path: string, body: object, method: 'post' | 'put' = 'post') => (await t.http()[method](api(path)).send(body).expect(400)).body.details;
    const good = { reference: 'CM-X', financialYear: '2027-28', category: 'staff', description: 'x', amount: 1 };
    expect(await refused('/budgets/cost-model-lines', { ...good, amount: -12_150_000 })).toEqual([{ field: 'amount', problem: 'must not be negative' }]);
    expect(await refused('/budgets/cost-model-lines', { ...good, category: 'catering' })).toEqual([{ field: 'category', problem: expect.stringMatching(/^must be one of: staff, /) }]);
    expect(await refused('/budgets/cost-model-lines', { ...good, financialYear: '2033-34' })).toEqual([{ field: 'financialYear', problem: 'must be a year of the cost model: 2027-28 to 2031-32' }]);
    expect(await refused('/budgets/baseline-lines', { ...good, costCentre: 'C1', financialYear: '2027-28' })).toEqual([{ field: 'financialYear', problem: 'must be a year of the baseline: 2024-25 to 2026-27' }]);
    expect(await refused('/budgets/cost-model/agreement', { agreedBy: 'Board', deficitsAccepted: [{ financialYear: '2031-32', reason: 'x' }] })).toEqual([{ field: 'deficitsAccepted.2031-32', problem: 'must be a year the cost model has lines for' }]);
    expect(await refused('/budgets/payment-profile', { timing: 'weekly' }, 'put')).toEqual([{ field: 'timing', problem: 'must be one of: monthly-in-advance, monthly-in-arrears' }]);
    expect(await refused('/budgets/facility', { amount: 0, lender: 'x', drawdown: 'x', repaymentTerms: 'x' }, 'put')).toEqual([{ field: 'amount', problem: 'must be more than nothing' }]);
    // An adviser may not agree the cost model for the board.
    const { token } = await memberWithPassword(t, programmeId, 'adviser', 'money.adviser@northshire.example', 'a long enough passphrase');
    await t.mark();
    await t.http(token).post(api('/budgets/cost-model/agreement')).send({ agreedBy: 'Shadow Trust Board' }).expect(403);
    expect(await t.events()).toEqual([]);
  });

  it('removes a line with a reason, kept in the history; and answers as the money stood on a past day', async () => {
    await t.http().post(api('/budgets/cost-model-lines/CM3-GRANT/removal')).send({ reason: 'The grant was not renewed' }).expect(200);
    expect((await money()).years[2]).toMatchObject({ surplus: -200_000 });
    await t.http().post(api('/budgets/cost-model-lines/CM3-GRANT/removal')).send({ reason: 'Again' }).expect(404);
    const audit = JSON.stringify((await t.http().get(api('/audit?limit=200')).expect(200)).body);
    expect(audit).toContain('Removed cost model line CM3-GRANT: The grant was not renewed');
    // On 1 November 2026: the first cost model, before the pay award changed it and before the board agreed it.
    const then = (await t.http().get(api('/money?asOf=2026-11-01')).expect(200)).body;
    expect(then.years[0]).toMatchObject({ hasLines: true, expenditure: 19_105_000 });
    expect(then.agreement).toBeUndefined();
    expect(then.years[2]).toMatchObject({ surplus: 0 });
  });

  it('is a page with a form for each job: an adviser adds a line, the page shows it', async () => {
    await memberWithPassword(t, programmeId, 'adviser', 'money.pages@northshire.example', 'a long enough passphrase');
    const adviser = await signInSession(t, 'money.pages@northshire.example', 'a long enough passphrase');
    const http = () => request(t.app.getHttpServer());
    const page = textOf((await http().get(`/programmes/${programmeId}/money`).set('cookie', adviser.cookie).expect(200)).text);
    expect(page).toContain('2027-28 (year one) £19,355,000 £19,105,000.50 £18,800,000.50 −£249,999.50 Deficit accepted £205,000 £210,000');
    expect(page).toContain('CM1-STAFF CM1-STAFF: £12,400,000. Assumes: 286 FTE, pay award 5%');
    const form = `/programmes/${programmeId}/money/cost-model-lines/new`;
    const bad = await http().post(form).set('cookie', adviser.cookie).type('form').send({ _csrf: adviser.csrf, reference: 'CM2-IT', financialYear: '2028-29', category: 'other-running-costs', description: 'IT', amount: '-5' }).expect(400);
    expect(summaryOf(bad.text)).toEqual([expect.stringMatching(/^amount: Amount for the year must not be negative/)]);
    const done = await http().post(form).set('cookie', adviser.cookie).type('form').send({ _csrf: adviser.csrf, reference: 'CM2-IT', financialYear: '2028-29', category: 'other-running-costs', description: 'IT', amount: '40,000' }).expect(303);
    expect(done.headers.location).toBe(`/programmes/${programmeId}/money?done=cost-model-line#year-2028-29`);
    expect((await money()).years[1].byCategory.find((c: { category: string }) => c.category === 'other-running-costs').costModel).toBe(40_000);
  });

  it('exports the baseline and the cost model as XLSX and CSV, and the export imports back recording nothing', async () => {
    const xlsx = await t.http().get(api('/money/export')).buffer(true).parse(binaryBody).expect(200);
    expect(xlsx.headers['content-disposition']).toMatch(/^attachment; filename="money-northshire-children-s-services-transition-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Kind', 'Reference', 'Financial year', 'Cost centre', 'Category', 'Description', 'Amount', 'Assumption', 'Notes']);
    expect(sheet.actualRowCount).toBe(1 + 4 + 12);
    const csv = (await t.http().get(api('/money/export?format=csv')).expect(200)).text;
    expect(csv).toContain('Cost model,CM1-SUM,2027-28,,Contract sum,CM1-SUM,18800000.5,,');
    await t.mark();
    expect((await t.http().post(api('/money/imports')).attach('file', xlsx.body, 'money.xlsx').expect(201)).body).toMatchObject({ lines: 16 });
    expect(await t.events()).toEqual([]);
  });

  it('imports lines from a spreadsheet, all or none: each problem named by row and column, nothing written', async () => {
    await t.mark();
    const bad = [
      'Kind,Reference,Financial year,Cost centre,Category,Description,Amount',
      'Cost model,CM1-IT,2027-28,,Other running costs,IT,"£40,000"',
      'Cost model,CM1-NEG,2027-28,,Staff,Agency staff,-1200',
      'Cost model,CM1-CAT,2027-28,,Catering,Meals,100',
      'Budget,CM1-KIND,2027-28,,Staff,x,100',
      'Cost model,CM9-YEAR,2033-34,,Staff,x,100',
      'Baseline,BL-NOCC,2026-27,,Staff,x,100',
    ].join('\r\n');
    const refused = (await t.http().post(api('/money/imports')).attach('file', Buffer.from(bad), 'money.csv').expect(422)).body;
    expect(refused.problems.map((p: { row: number; column: string }) => `${p.row} ${p.column}`)).toEqual(['4 Category', '5 Kind']);
    // The rows that read are then checked by the rules of the money, by row as well.
    const read = bad.split('\r\n').filter((line) => !line.includes('Catering') && !line.startsWith('Budget')).join('\r\n');
    const checked = (await t.http().post(api('/money/imports')).attach('file', Buffer.from(read), 'money.csv').expect(422)).body;
    expect(checked.problems).toEqual([
      { row: 3, column: 'Amount', value: '-1200', problem: 'must not be negative: income and the contract sum are positive amounts in their own categories' },
      { row: 4, column: 'Financial year', value: '2033-34', problem: 'must be a year of the cost model: 2027-28 to 2031-32' },
      { row: 5, column: 'Cost centre', value: '', problem: 'is required: the ledger’s cost centre the line comes from' },
    ]);
    expect(await t.events()).toEqual([]);
    // More lines than one import takes, and a file that unpacks beyond its limits, are refused before they are read.
    const many = ['Kind,Reference,Financial year,Cost centre,Category,Description,Amount', ...Array.from({ length: 2001 }, (_, i) => `Cost model,CM-${i},2027-28,,Staff,x,1`)].join('\r\n');
    expect((await t.http().post(api('/money/imports')).attach('file', Buffer.from(many), 'money.csv').expect(400)).body.details).toEqual([{ field: 'file', problem: 'has 2,001 lines: at most 2,000 in one import' }]);
    const wide = Array.from({ length: 3000 }, () => Array.from({ length: 30 }, () => 'x').join(',')).join('\r\n');
    await t.http().post(api('/money/imports')).attach('file', Buffer.from(wide), 'money.csv').expect(413);
    expect(await t.events()).toEqual([]);
    // The good rows alone go in.
    const good = bad.split('\r\n').slice(0, 2).join('\r\n');
    expect((await t.http().post(api('/money/imports')).attach('file', Buffer.from(good), 'money.csv').expect(201)).body).toMatchObject({ lines: 1 });
    expect((await money()).years[0].byCategory.find((c: { category: string }) => c.category === 'other-running-costs').costModel).toBe(40_000);
  });

  it('is in the board pack: the agreement, the years and the cash’s lowest point', async () => {
    const pack = textOf((await t.http().get(`/programmes/${programmeId}/board-pack`).expect(200)).text);
    // The lines imported since (£40,000 of IT in each of the first two years) have changed year one after version 2 was agreed.
    expect(pack).toContain('The cost model was agreed by Shadow Trust Board on 10 February 2027 (version 2); year one has changed since .');
    expect(pack).toContain('The cash-flow forecast’s lowest point is −£1,856,666.15 (2028-03), the contract sum paid monthly in arrears, with a working-capital facility of £1,850,000.');
    expect(pack).toContain('2027-28 (year one) £19,395,000 £19,105,000.50 £18,800,000.50 −£289,999.50 (deficit)');
    expect(pack).toContain('2028-29 £19,040,000 £18,850,000 £18,850,000 −£190,000 (deficit)');
  });

  withChromium('passes axe', async () => {
    const paths = ['', '/cost-model-lines/new', '/baseline-lines/new', '/facility', '/payment-profile', '/agreement', '/import'].map((p) => `/programmes/${programmeId}/money${p}`);
    expect(await violationsOnPages(t, ADMIN_TOKEN, paths)).toEqual({});
  });
});
