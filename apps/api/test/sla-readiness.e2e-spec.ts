import request from 'supertest';
import { northshire } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/*
 * SLAs and buy-back (DOMAIN rule 9) through HTTP, on the dates of a programme that went live on
 * 1 April 2018: a not-suitable recommendation the board accepts is revised before signing; an
 * interim arrangement stops covering on its end date; every year bought back has a budget line.
 */
const payroll = { reference: 'SLA-PAY', service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths: 36 };
const hr = { reference: 'SLA-HR', service: 'hr', kpis: ['Casework answered within 5 working days 95%'], annualPrice: 42000, termMonths: 12 };
const NOT_SUITABLE = 'The latest recommendation found this SLA not suitable; the advisers must make a new recommendation and the board accept it before it is signed';

interface Reason {
  ruleId: string;
  status: string;
  message: string;
}

describe('SLAs and buy-back budgets over HTTP — DOMAIN rule 9', () => {
  let t: TestApp;
  let programmeId: string;
  let token: string;
  const http = () => t.http(token);
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  const on = (day: string) => t.setNow(`${day}T10:00:00.000Z`);
  const progress = (slaId: string, body: object) => http().post(at(`/slas/${slaId}/progress`)).send(body);
  const recommend = (slaId: string, suitable: boolean) =>
    progress(slaId, { step: 'recommendation-made', suitable, reasons: suitable ? 'Price in line with the market; KPIs measurable' : 'KPIs cannot be measured as written' });
  const decide = (slaId: string, accepted: boolean) => http().post(at('/decisions')).send({ type: 'sla-recommendation', slaId, accepted, reasons: 'Board minute' });
  const budget = (slaId: string, financialYear: string, amount = 85000) => http().post(at('/budgets/buy-back')).send({ slaId, financialYear, amount }).expect(200);
  /** A refusal writes nothing. */
  const refused = async (send: () => request.Test, status: number) => {
    const before = (await t.events()).length;
    const response = await send().expect(status);
    expect((await t.events()).length).toBe(before);
    return response;
  };
  const readiness = async (reference: string): Promise<{ status: string; reasons: Reason[] }> => {
    const list = (await http().get(at('/slas')).expect(200)).body.items as { reference: string; readiness: { status: string; reasons: Reason[] } }[];
    return list.find((i) => i.reference === reference)!.readiness;
  };
  const reason = async (reference: string, ruleId: string) => (await readiness(reference)).reasons.find((r) => r.ruleId === ruleId);

  beforeEach(async () => {
    t = await startTestApp({ API_TOKEN_MAX_DAYS: '1200' }, '2017-05-02T09:00:00.000Z'); // one token for the whole story
    // The first administrator's token lasts a year; the story runs past that, as a real one would.
    const me = (await t.http().get('/api/me').expect(200)).body.id as string;
    token = (await t.http().post(`/api/users/${me}/tokens`).send({ expiresAt: '2019-01-01T00:00:00.000Z' }).expect(201)).body.token as string;
    programmeId = (await http().post('/api/programmes').send({ ...northshire, goLiveDate: '2018-04-01' }).expect(201)).body.id as string;
  });
  afterEach(async () => t.close());

  it('refuses to sign after the board accepts a not-suitable recommendation, then signs once a suitable one is accepted', async () => {
    on('2017-06-01');
    const slaId = (await http().post(at('/slas')).send(payroll).expect(201)).body.id as string;
    on('2017-11-20');
    await recommend(slaId, false).expect(200);
    on('2017-12-04');
    await decide(slaId, true).expect(201);

    // Readiness says why it is not moving.
    expect(await reason('SLA-PAY', 'slas.signed')).toEqual({
      ruleId: 'slas.signed',
      status: 'due',
      message: 'SLA signed (the board accepted on 4 December 2017 that it is not suitable; the advisers must recommend again): due by 1 April 2018',
    });
    const refusal = await refused(() => progress(slaId, { step: 'signed' }), 409);
    expect(refusal.body.message).toContain(NOT_SUITABLE);

    // The advisers recommend again; until the board accepts, it still cannot be signed.
    on('2017-12-11');
    await recommend(slaId, true).expect(200);
    expect((await reason('SLA-PAY', 'slas.signed'))!.message).toBe('SLA signed: due by 1 April 2018');
    const early = await refused(() => progress(slaId, { step: 'signed' }), 409);
    expect(early.body.message).toContain('The board must accept the advisers’ recommendation before the SLA is signed');

    on('2018-01-08');
    await decide(slaId, true).expect(201);
    const twice = await refused(() => decide(slaId, true), 409);
    expect(twice.body.message).toContain('already accepted the latest recommendation');
    on('2018-01-15');
    await progress(slaId, { step: 'signed' }).expect(200);
    expect((await t.events()).filter((e) => e.type === 'SlaRecommendationAccepted')).toHaveLength(2);
    expect(await reason('SLA-PAY', 'slas.signed')).toMatchObject({ status: 'met', message: 'SLA signed: done on 15 January 2018' });
  });

  it('wants a buy-back budget line for each financial year of a signed 36-month term: 2018-19, 2019-20 and 2020-21', async () => {
    on('2017-06-01');
    const slaId = (await http().post(at('/slas')).send(payroll).expect(201)).body.id as string;
    on('2017-11-20');
    await recommend(slaId, true).expect(200);
    await decide(slaId, true).expect(201);
    on('2018-01-15');
    await progress(slaId, { step: 'signed' }).expect(200);

    on('2018-02-15');
    expect(await reason('SLA-PAY', 'slas.budget')).toEqual({
      ruleId: 'slas.budget',
      status: 'due',
      message: 'Buy-back budget for each year bought back (2018-19 to 2020-21): none set for 2018-19 (due by 1 April 2018), 2019-20 (due by 1 April 2019), 2020-21 (due by 1 April 2020)',
    });
    await budget(slaId, '2018-19');
    expect((await reason('SLA-PAY', 'slas.budget'))!.message).toBe(
      'Buy-back budget for each year bought back (2018-19 to 2020-21): none set for 2019-20 (due by 1 April 2019), 2020-21 (due by 1 April 2020)',
    );
    expect((await readiness('SLA-PAY')).status).toBe('at-risk');
    await budget(slaId, '2019-20', 87550);
    await budget(slaId, '2020-21', 90177);
    expect(await reason('SLA-PAY', 'slas.budget')).toEqual({ ruleId: 'slas.budget', status: 'met', message: 'Buy-back budget set for each year bought back (2018-19 to 2020-21)' });
    expect((await readiness('SLA-PAY')).status).toBe('ready');
  });

  it('covers an SLA on interim terms until its end date and no longer after: overdue on 1 August 2018 for an arrangement to 31 July', async () => {
    on('2017-06-01');
    const slaId = (await http().post(at('/slas')).send(hr).expect(201)).body.id as string;
    on('2018-03-01');
    await progress(slaId, { step: 'interim-arrangement-agreed', endDate: '2018-07-31' }).expect(200);
    expect(await reason('SLA-HR', 'slas.budget')).toMatchObject({ status: 'due', message: 'Buy-back budget for each year bought back (2018-19): none set for 2018-19 (due by 1 April 2018)' });
    await budget(slaId, '2018-19', 42000);

    on('2018-07-31');
    expect(await readiness('SLA-HR')).toEqual({
      status: 'at-risk',
      reasons: [
        { ruleId: 'slas.signed', status: 'interim', message: 'SLA not yet signed: covered by an interim arrangement until 31 July 2018' },
        { ruleId: 'slas.budget', status: 'met', message: 'Buy-back budget set for each year bought back (2018-19)' },
        { ruleId: 'slas.budget-covers-price', status: 'met', message: 'Buy-back budget covers the annual price (or the reason it need not is recorded) in each year budgeted' },
      ],
    });
    on('2018-08-01');
    const ended = await readiness('SLA-HR');
    expect(ended.status).toBe('not-ready');
    expect(ended.reasons[0]).toEqual({ ruleId: 'slas.signed', status: 'overdue', message: 'SLA not yet signed: the interim arrangement ended on 31 July 2018' });
    const blockers = (await http().get(at('/readiness')).expect(200)).body.blockers as { ruleId: string; message: string; overdue: boolean }[];
    expect(blockers).toContainEqual(expect.objectContaining({ ruleId: 'slas.signed', message: 'SLA-HR: SLA not yet signed: the interim arrangement ended on 31 July 2018', overdue: true }));
  });

  it('holds each year’s buy-back budget to the SLA’s price, unless the reason it need not is recorded with it (slas.budget-covers-price)', async () => {
    on('2017-06-01');
    const slaId = (await http().post(at('/slas')).send({ ...hr, reference: 'SLA-HR-2' }).expect(201)).body.id as string;
    await http().post(at('/budgets/buy-back')).send({ slaId, financialYear: '2018-19', amount: 21000 }).expect(200);
    expect(await reason('SLA-HR-2', 'slas.budget-covers-price')).toEqual({
      ruleId: 'slas.budget-covers-price',
      status: 'due',
      message: 'Buy-back budget below the annual price, with no reason recorded: 2018-19 (£21,000 against £42,000): due by 1 April 2018',
    });
    await http().post(at('/budgets/buy-back')).send({ slaId, financialYear: '2018-19', amount: 21000, belowPriceReason: 'Bought back for the first six months only' }).expect(200);
    expect(await reason('SLA-HR-2', 'slas.budget-covers-price')).toMatchObject({ status: 'met' });
    // The budget set again without the reason: the reason no longer stands.
    await http().post(at('/budgets/buy-back')).send({ slaId, financialYear: '2018-19', amount: 21000 }).expect(200);
    expect(await reason('SLA-HR-2', 'slas.budget-covers-price')).toMatchObject({ status: 'due' });
  });
});
