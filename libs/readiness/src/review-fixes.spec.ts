import { ItemFacts, ProgrammeSnapshot, assessReadiness, rate } from './readiness';

/** Cases a review of rule-set 2 found wrong, each decided both ways on Sandwell-like dates (go-live 1 April 2018). */
const GO_LIVE = '2018-04-01';
const snapshot = (items: ItemFacts[], today: string, extra: Partial<ProgrammeSnapshot> = {}): ProgrammeSnapshot => ({
  today,
  goLiveDate: GO_LIVE,
  items,
  findings: [],
  buyBack: new Map(),
  envelopes: new Map(),
  ...extra,
});
const done = (on: string, fields: Record<string, unknown> = {}) => ({ on, ...fields });
const reasons = (s: ProgrammeSnapshot, ruleId: string) => assessReadiness(s).items[0].reasons.filter((r) => r.ruleId === ruleId);
const statuses = (s: ProgrammeSnapshot, ruleId: string) => reasons(s, ruleId).map((r) => r.status);

describe('done late after go-live is done, whatever the interim arrangement that bridged it (DOMAIN rule 9: trusts sign months later)', () => {
  const sla = (steps: ItemFacts['steps']): ItemFacts => ({ itemId: 'sla', kind: 'sla', reference: 'SLA-PAY', details: { service: 'payroll', termMonths: 36 }, steps, stepOrder: Object.keys(steps) });
  const recommended = { 'recommendation-made': done('2017-10-16', { suitable: true }), 'recommendation-accepted': done('2017-10-30') };
  const interim = { 'interim-arrangement-agreed': done('2018-03-12', { endDate: '2018-09-30' }) };

  it('reads an SLA signed on 15 July, after its interim arrangement began, as signed late — not as unsigned, and not overdue once the interim ends', () => {
    const signedLate = sla({ ...recommended, ...interim, signed: done('2018-07-15') });
    expect(statuses(snapshot([signedLate], '2018-10-01'), 'slas.signed')).toEqual(['late']);
    expect(statuses(snapshot([sla({ ...recommended, ...interim })], '2018-10-01'), 'slas.signed')).toEqual(['overdue']);
  });

  it('reads a novation deed signed by all three after go-live as late, once the interim arrangement has ended', () => {
    const deed = (signed: boolean): ItemFacts => ({
      itemId: 'c',
      kind: 'contract',
      reference: 'CON-06',
      details: { mechanism: 'novate', expiryDate: '2021-03-31' },
      steps: {
        'mechanism-chosen': done('2016-10-24', { mechanism: 'novate' }),
        'consent-received': done('2018-02-01'),
        'interim-arrangement-agreed': done('2018-03-20', { endDate: '2018-06-30' }),
        ...(signed ? { 'deed-signed-by-council': done('2018-05-01'), 'deed-signed-by-trust': done('2018-05-02'), 'deed-signed-by-supplier': done('2018-05-20') } : {}),
      },
    });
    expect(statuses(snapshot([deed(true)], '2018-10-01'), 'contracts.novation')).toEqual(['met', 'late']);
    expect(statuses(snapshot([deed(false)], '2018-10-01'), 'contracts.novation')).toEqual(['met', 'overdue']);
  });
});

describe('an SLA signed on a recommendation that found it not suitable does not count (DOMAIN rule 9: the board accepting it means revise it)', () => {
  const base = { 'recommendation-made': done('2017-06-26', { suitable: false }), 'recommendation-accepted': done('2017-07-10'), signed: done('2017-08-01') };
  const item = (steps: ItemFacts['steps'], order: string[]): ItemFacts => ({ itemId: 'sla', kind: 'sla', reference: 'SLA-LEG', details: { termMonths: 24 }, steps, stepOrder: order });

  it('is not signed while the latest recommendation found it not suitable, and counts from the board accepting a new suitable one', () => {
    const legacy = item(base, ['recommendation-made', 'recommendation-accepted', 'signed']);
    expect(reasons(snapshot([legacy], '2018-01-08'), 'slas.signed')[0]).toMatchObject({ status: 'due', message: expect.stringContaining('on a recommendation that found it not suitable') });
    const putRight = item(
      { ...base, 'recommendation-made': done('2017-10-16', { suitable: true }), 'recommendation-accepted': done('2017-10-30') },
      ['recommendation-made', 'recommendation-accepted', 'signed', 'recommendation-made', 'recommendation-accepted'],
    );
    expect(reasons(snapshot([putRight], '2018-01-08'), 'slas.signed')[0]).toMatchObject({ status: 'met', message: expect.stringContaining('done on 30 October 2017') });
  });
});

describe('one thing alone not ready is Amber/Red, not Red, until the last 28 days (IPA: Red is "appears unachievable")', () => {
  it('rates a lone not-ready thing Amber/Red 410 days out, two of four Red, and a lone one in the last 28 days Red', () => {
    expect(rate({ ready: 0, 'at-risk': 0, 'not-ready': 1, 'not-applicable': 0 }, 410)).toBe('amber-red');
    expect(rate({ ready: 2, 'at-risk': 0, 'not-ready': 2, 'not-applicable': 0 }, 410)).toBe('red');
    expect(rate({ ready: 9, 'at-risk': 0, 'not-ready': 1, 'not-applicable': 0 }, 20)).toBe('red');
  });
});

describe('Teckal is asked for every year the trust runs on the exemption (PCR 2015 reg. 12(1))', () => {
  const teckal = (years: string[]): ItemFacts => ({
    itemId: 't',
    kind: 'governance-item',
    reference: 'GOV-TECK',
    details: { governanceKind: 'teckal', procurementBegunOn: '2016-11-01' },
    steps: {},
    stepHistory: { 'teckal-conditions-recorded': years.map((financialYear) => done('2017-06-12', { financialYear, activitySharePercent: 95, councilControl: true, privateCapital: false })) },
  });
  it('wants 2019-20 recorded by 1 April 2019, once the trust has gone live, and is met with it', () => {
    expect(statuses(snapshot([teckal(['2018-19'])], '2019-06-01'), 'governance.teckal')).toEqual(['met', 'overdue']);
    expect(statuses(snapshot([teckal(['2018-19', '2019-20'])], '2019-06-01'), 'governance.teckal')).toEqual(['met', 'met']);
    expect(statuses(snapshot([teckal(['2018-19'])], '2018-03-01'), 'governance.teckal')).toEqual(['met']);
  });
});

describe('a contract route the rules do not know is no route (DOMAIN rule 6)', () => {
  it('is not ready with an unknown route after go-live, and ready with a known one that is in place', () => {
    const contract = (mechanism: string, steps: ItemFacts['steps'] = {}): ItemFacts => ({
      itemId: 'c',
      kind: 'contract',
      reference: 'CON-X',
      details: { mechanism, expiryDate: '2021-03-31' },
      steps: { 'mechanism-chosen': done('2016-10-24', { mechanism }), ...steps },
    });
    expect(assessReadiness(snapshot([contract('Novation')], '2018-04-02')).items[0].status).toBe('not-ready');
    expect(assessReadiness(snapshot([contract('council-retains', { 'recharge-agreement-signed': done('2017-11-06') })], '2018-04-02')).items[0].status).toBe('ready');
  });
});

describe('dismissals taking effect after the transfer are the trust’s, whoever was recorded (TULRCA 1992 s.198A)', () => {
  it('asks for pre-transfer consultation when the proposer is not recorded and the first dismissal is after transfer, and not when the council is', () => {
    const group = (proposedBy?: string): ItemFacts => ({
      itemId: 'g',
      kind: 'staff-group',
      reference: 'TUPE-BUS',
      details: { pensionScheme: 'none', redundanciesProposed: 25, establishment: 'Oldbury', firstDismissalDate: '2018-04-20', ...(proposedBy ? { dismissalsProposedBy: proposedBy } : {}) },
      steps: {},
    });
    expect(statuses(snapshot([group()], '2018-02-01'), 'staff.pre-transfer-consultation')).toEqual(['due']);
    expect(statuses(snapshot([group('council')], '2018-02-01'), 'staff.pre-transfer-consultation')).toEqual([]);
  });
});

describe('an Ofsted registration of no recorded kind is asked for its kind, not passed (Care Standards Act 2000 s.11)', () => {
  const registration = (details: Record<string, unknown>): ItemFacts => ({
    itemId: 'o',
    kind: 'governance-item',
    reference: 'GOV-OFS',
    details: { governanceKind: 'ofsted-registration', ...details },
    steps: { 'registration-applied': done('2017-07-17'), registered: done('2018-01-10') },
  });
  it('is not ready without its kind, and ready as a fostering agency registered in time', () => {
    expect(assessReadiness(snapshot([registration({})], '2018-04-02')).items[0].status).toBe('not-ready');
    expect(assessReadiness(snapshot([registration({ registrationType: 'fostering-agency' })], '2018-04-02')).items[0].status).toBe('ready');
  });
});
