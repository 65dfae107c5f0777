import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';
import { POLICY, RULES } from './rules';

/*
 * SLAs and buy-back (DOMAIN rule 9), on the dates of a programme that went live on 1 April 2018:
 * each support service bought back has a budget line and either a signed SLA by go-live or an
 * interim arrangement with an end date.
 */
const GO_LIVE = '2018-04-01';
const snapshot = (items: ItemFacts[], overrides: Partial<ProgrammeSnapshot> = {}): ProgrammeSnapshot => ({
  today: '2018-02-15',
  goLiveDate: GO_LIVE,
  items,
  findings: [],
  buyBack: new Map(),
  envelopes: new Map(),
  ...overrides,
});
const done = (on: string, fields: Record<string, unknown> = {}) => ({ on, ...fields });
const sla = (steps: ItemFacts['steps'], stepOrder?: string[], termMonths = 36, itemId = 'sla-pay'): ItemFacts => ({
  itemId,
  kind: 'sla',
  reference: 'SLA-PAY',
  details: { service: 'payroll', kpis: ['Pay on time 99.5%'], annualPrice: 85000, termMonths },
  steps,
  ...(stepOrder ? { stepOrder } : {}),
});
const only = (s: ProgrammeSnapshot) => assessReadiness(s).items[0];
const reasons = (s: ProgrammeSnapshot, ruleId: string) => only(s).reasons.filter((r) => r.ruleId === ruleId);
const budgets = (itemId: string, ...years: string[]) => new Map(years.map((year) => [`${itemId}/${year}`, 85000]));

describe('slas.signed — DOMAIN rule 9: signed on a suitable recommendation the board accepted', () => {
  const suitableAccepted = { 'recommendation-made': done('2017-11-20', { suitable: true }), 'recommendation-accepted': done('2017-12-04') };
  const notSuitableAccepted = { 'recommendation-made': done('2017-11-20', { suitable: false }), 'recommendation-accepted': done('2017-12-04') };

  it('is met when signed by go-live, and overdue when not signed once go-live has passed', () => {
    const signed = sla({ ...suitableAccepted, signed: done('2018-01-10') });
    expect(reasons(snapshot([signed], { buyBack: budgets('sla-pay', '2018-19', '2019-20', '2020-21') }), 'slas.signed').map((r) => r.status)).toEqual(['met']);
    expect(reasons(snapshot([sla(suitableAccepted)], { today: '2018-04-02' }), 'slas.signed').map((r) => r.status)).toEqual(['overdue']);
  });

  it('says why an SLA whose not-suitable recommendation the board accepted is not moving, and says nothing of it otherwise', () => {
    const stuck = sla(notSuitableAccepted, ['recommendation-made', 'recommendation-accepted']);
    const [reason] = reasons(snapshot([stuck]), 'slas.signed');
    expect(reason).toEqual({
      ruleId: 'slas.signed',
      status: 'due',
      message: 'SLA signed (the board accepted on 4 December 2017 that it is not suitable; the advisers must recommend again): due by 1 April 2018',
    });
    expect(reasons(snapshot([sla(suitableAccepted, ['recommendation-made', 'recommendation-accepted'])]), 'slas.signed')[0].message).toBe('SLA signed: due by 1 April 2018');
  });

  it('stops saying so once the advisers make a new recommendation, judged by the order of the steps', () => {
    const revised = sla(
      { 'recommendation-made': done('2017-12-04', { suitable: true }), 'recommendation-accepted': done('2017-12-04') },
      ['recommendation-made', 'recommendation-accepted', 'recommendation-made'],
    );
    expect(reasons(snapshot([revised]), 'slas.signed')[0].message).toBe('SLA signed: due by 1 April 2018');
    // Without the order, days decide: the board accepted on or after the latest recommendation.
    expect(reasons(snapshot([sla(notSuitableAccepted)]), 'slas.signed')[0].message).toContain('the board accepted on 4 December 2017 that it is not suitable');
  });

  it('gives the reason on an interim arrangement too', () => {
    const covered = sla({ ...notSuitableAccepted, 'interim-arrangement-agreed': done('2017-12-11', { endDate: '2018-09-30' }) }, ['recommendation-made', 'recommendation-accepted', 'interim-arrangement-agreed']);
    const [reason] = reasons(snapshot([covered], { today: '2018-04-02', buyBack: budgets('sla-pay', '2018-19') }), 'slas.signed');
    expect(reason.status).toBe('interim');
    expect(reason.message).toBe('SLA not yet signed (the board accepted on 4 December 2017 that it is not suitable; the advisers must recommend again): covered by an interim arrangement until 30 September 2018');
  });
});

describe('slas.signed — DOMAIN rule 9: an interim arrangement is judged against today as well as go-live', () => {
  const onInterim = (endDate: string) => sla({ 'interim-arrangement-agreed': done('2018-03-01', { endDate }) });
  const year = budgets('sla-pay', '2018-19');

  it('covers the SLA while it runs: at risk on 31 July 2018 for an arrangement to 31 July 2018', () => {
    const s = snapshot([onInterim('2018-07-31')], { today: '2018-07-31', buyBack: year });
    expect(reasons(s, 'slas.signed')).toEqual([{ ruleId: 'slas.signed', status: 'interim', message: 'SLA not yet signed: covered by an interim arrangement until 31 July 2018' }]);
    expect(only(s).status).toBe('at-risk');
  });

  it('no longer covers it once ended: overdue and not ready on 1 August 2018, naming the day it ended', () => {
    const s = snapshot([onInterim('2018-07-31')], { today: '2018-08-01', buyBack: year });
    expect(reasons(s, 'slas.signed')).toEqual([{ ruleId: 'slas.signed', status: 'overdue', message: 'SLA not yet signed: the interim arrangement ended on 31 July 2018' }]);
    expect(only(s).status).toBe('not-ready');
    expect(assessReadiness(s).blockers).toContainEqual(expect.objectContaining({ ruleId: 'slas.signed', bitesOn: '2018-07-31', overdue: true }));
  });

  it('still covers nothing when it ends on or before go-live', () => {
    expect(reasons(snapshot([onInterim('2018-04-01')], { today: '2018-04-02' }), 'slas.signed').map((r) => r.status)).toEqual(['overdue']);
  });
});

describe('slas.budget — DOMAIN rule 9: a buy-back budget line for each financial year of the term (due dates are policy)', () => {
  const accepted = { 'recommendation-made': done('2017-11-20', { suitable: true }), 'recommendation-accepted': done('2017-12-04') };

  it('keeps its due dates in POLICY: each later year by the 1 April that starts it', () => {
    expect(POLICY.buyBackBudgetDueAtYearStart).toBe(true);
    expect(RULES.slaBudget.thresholds).toEqual(['buyBackBudgetDueAtYearStart']);
  });

  describe('a 36-month payroll SLA signed for go-live on 1 April 2018 needs 2018-19, 2019-20 and 2020-21', () => {
    const payroll = sla({ ...accepted, signed: done('2018-02-01') });

    it('is met with all three years, and needs no fourth', () => {
      const s = snapshot([payroll], { buyBack: budgets('sla-pay', '2018-19', '2019-20', '2020-21') });
      expect(reasons(s, 'slas.budget')).toEqual([{ ruleId: 'slas.budget', status: 'met', message: 'Buy-back budget set for each year bought back (2018-19 to 2020-21)' }]);
      expect(only(s).status).toBe('ready');
    });

    it('is due, naming the missing years, with year one only before go-live', () => {
      const s = snapshot([payroll], { buyBack: budgets('sla-pay', '2018-19') });
      expect(reasons(s, 'slas.budget')).toEqual([
        { ruleId: 'slas.budget', status: 'due', message: 'Buy-back budget for each year bought back (2018-19 to 2020-21): none set for 2019-20 (due by 1 April 2019), 2020-21 (due by 1 April 2020)' },
      ]);
      expect(only(s).status).toBe('at-risk');
      expect(assessReadiness(s).blockers).toContainEqual(expect.objectContaining({ ruleId: 'slas.budget', bitesOn: '2019-04-01', overdue: false }));
    });

    it('is overdue once a year without its line has started, and year one without its line is overdue after go-live', () => {
      const later = snapshot([payroll], { today: '2019-04-02', buyBack: budgets('sla-pay', '2018-19', '2020-21') });
      expect(reasons(later, 'slas.budget')[0]).toMatchObject({ status: 'overdue', message: expect.stringContaining('none set for 2019-20 (due by 1 April 2019, overdue)') });
      expect(only(later).status).toBe('not-ready');
      const yearOne = snapshot([payroll], { today: '2018-04-02', buyBack: budgets('sla-pay', '2019-20', '2020-21') });
      expect(reasons(yearOne, 'slas.budget')[0]).toMatchObject({ status: 'overdue', message: expect.stringContaining('none set for 2018-19 (due by 1 April 2018, overdue)') });
      expect(reasons(snapshot([payroll], { today: '2018-04-01', buyBack: budgets('sla-pay', '2019-20', '2020-21') }), 'slas.budget')[0].status).toBe('due');
    });
  });

  it('runs a term signed after go-live from the signing day: 12 months from 1 October 2018 needs 2018-19 and 2019-20', () => {
    const late = sla({ ...accepted, signed: done('2018-10-01') }, undefined, 12);
    expect(reasons(snapshot([late], { today: '2018-10-02', buyBack: budgets('sla-pay', '2018-19', '2019-20') }), 'slas.budget')[0].status).toBe('met');
    expect(reasons(snapshot([late], { today: '2018-10-02', buyBack: budgets('sla-pay', '2018-19') }), 'slas.budget')[0].message).toContain('none set for 2019-20');
  });

  describe('an SLA on interim terms to 30 September 2018 needs 2018-19 only', () => {
    const interim = sla({ ...accepted, 'interim-arrangement-agreed': done('2018-03-01', { endDate: '2018-09-30' }) });

    it('is met with 2018-19', () => {
      expect(reasons(snapshot([interim], { buyBack: budgets('sla-pay', '2018-19') }), 'slas.budget')).toEqual([
        { ruleId: 'slas.budget', status: 'met', message: 'Buy-back budget set for each year bought back (2018-19)' },
      ]);
    });

    it('is due without it before go-live and overdue after', () => {
      expect(reasons(snapshot([interim]), 'slas.budget')[0]).toMatchObject({ status: 'due', message: 'Buy-back budget for each year bought back (2018-19): none set for 2018-19 (due by 1 April 2018)' });
      expect(reasons(snapshot([interim], { today: '2018-04-02' }), 'slas.budget')[0].status).toBe('overdue');
    });
  });

  it('counts the interim period before a signing after go-live, then the signed term', () => {
    const both = sla({ ...accepted, 'interim-arrangement-agreed': done('2018-03-01', { endDate: '2019-06-30' }), signed: done('2019-05-01') }, undefined, 12);
    // Interim 1 April 2018 to 30 April 2019, then signed 1 May 2019 to 30 April 2020.
    expect(reasons(snapshot([both], { today: '2019-05-02', buyBack: budgets('sla-pay', '2018-19', '2019-20', '2020-21') }), 'slas.budget')[0].message).toBe(
      'Buy-back budget set for each year bought back (2018-19 to 2020-21)',
    );
  });

  it('asks nothing of an SLA not yet bought back: neither signed nor on interim terms past go-live', () => {
    expect(reasons(snapshot([sla(accepted)]), 'slas.budget')).toEqual([]);
    expect(reasons(snapshot([sla({ 'interim-arrangement-agreed': done('2018-01-10', { endDate: '2018-03-31' }) })]), 'slas.budget')).toEqual([]);
  });

  it('with go-live on 1 October 2018, wants year one by go-live and 2019-20 by 1 April 2019', () => {
    const payroll = sla({ ...accepted, signed: done('2018-09-01') }, undefined, 12);
    const [reason] = reasons(snapshot([payroll], { goLiveDate: '2018-10-01', today: '2018-09-15' }), 'slas.budget');
    expect(reason.message).toBe('Buy-back budget for each year bought back (2018-19 to 2019-20): none set for 2018-19 (due by 1 October 2018), 2019-20 (due by 1 April 2019)');
  });
});

describe('budgets.envelope — DOMAIN: buy-back budgets, year one', () => {
  const signed = sla({ 'recommendation-made': done('2017-11-20', { suitable: true }), 'recommendation-accepted': done('2017-12-04'), signed: done('2018-01-10') }, undefined, 12, 'a');
  const onInterim = sla({ 'interim-arrangement-agreed': done('2018-03-01', { endDate: '2018-09-30' }) }, undefined, 12, 'b');
  const buyBack = new Map([
    ['a/2018-19', 60000],
    ['b/2018-19', 50000],
  ]);
  const envelope = (amount: number) => assessReadiness(snapshot([signed, onInterim], { buyBack, envelopes: new Map([['2018-19', amount]]) })).areas.find((a) => a.area === 'budgets')!;

  it('counts an interim SLA’s year-one budget with the signed ones: £110,000 fits £110,000 and not £109,999', () => {
    expect(envelope(110000).counts.ready).toBe(1);
    expect(envelope(109999).counts['not-ready']).toBe(1);
  });
});

describe('contracts — DOMAIN rule 6: the same interim helper judges a contract’s interim arrangement against today', () => {
  const retained = (today: string) =>
    assessReadiness(
      snapshot(
        [{ itemId: 'c-1', kind: 'contract', reference: 'NCC-1001', details: { supplier: 'Carefirst Ltd', title: 'Payroll bureau', annualValue: 40000, expiryDate: '2020-03-31', mechanism: 'council-retains' }, steps: { 'mechanism-chosen': done('2017-06-01', { mechanism: 'council-retains' }), 'interim-arrangement-agreed': done('2018-03-01', { endDate: '2018-07-31' }) } }],
        { today },
      ),
    ).items[0];

  it('covers it until 31 July 2018 and no longer on 1 August 2018', () => {
    expect(retained('2018-07-31').reasons.map((r) => r.status)).toContain('interim');
    const ended = retained('2018-08-01');
    expect(ended.status).toBe('not-ready');
    expect(ended.reasons.map((r) => r.message)).toContainEqual(expect.stringContaining('the interim arrangement ended on 31 July 2018'));
  });
});
