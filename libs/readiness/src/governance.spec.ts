import { agreedBalancedMoney } from '../../domain/src/testing/money';
import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';
import { POLICY, RULES } from './rules';

/*
 * The governance rules on a Sandwell-like timetable: go-live on 1 April 2018, the first financial year 2018-19.
 * Every rule decides both ways; each describe names its source.
 */
const GO_LIVE = '2018-04-01';
type Steps = ItemFacts['steps'];
type History = NonNullable<ItemFacts['stepHistory']>;

const governance = (details: Record<string, unknown>, steps: Steps = {}, stepHistory?: History): ItemFacts => ({
  itemId: 'g-1',
  kind: 'governance-item',
  reference: 'GOV-1',
  details: { title: String(details.governanceKind), ...details },
  steps,
  ...(stepHistory ? { stepHistory } : {}),
});
const judge = (item: ItemFacts, today: string, goLiveDate = GO_LIVE) => {
  const snapshot: ProgrammeSnapshot = { today, goLiveDate, items: [item], findings: [], buyBack: new Map(), envelopes: new Map(), money: agreedBalancedMoney(goLiveDate) };
  return assessReadiness(snapshot).items[0];
};
const reasonsOf = (item: ItemFacts, today: string, ruleId: string, goLiveDate = GO_LIVE) => judge(item, today, goLiveDate).reasons.filter((r) => r.ruleId === ruleId);

describe('governance.teckal — Public Contracts Regulations 2015 reg. 12(1) / Procurement Act 2023 Sch. 2 para. 2', () => {
  const year = (financialYear: string, activitySharePercent: number, on: string, more: Record<string, unknown> = {}) => ({
    on,
    financialYear,
    activitySharePercent,
    councilControl: true,
    privateCapital: false,
    ...more,
  });
  /** A Teckal item with these records of its step, oldest first, as the item's state keeps them. */
  const teckal = (records: ReturnType<typeof year>[], details: Record<string, unknown> = { procurementBegunOn: '2017-09-01' }) =>
    governance(
      { governanceKind: 'teckal', ...details },
      records.length > 0 ? { 'teckal-conditions-recorded': records.at(-1)! } : {},
      records.length > 0 ? { 'teckal-conditions-recorded': records } : undefined,
    );

  it('is ready with 81% of activity for the council in 2018-19, council control and no private capital (PCR 2015 reg. 12(1))', () => {
    const item = teckal([year('2018-19', 81, '2018-01-10')]);
    const result = judge(item, '2018-02-01');
    expect(result.status).toBe('ready');
    expect(result.reasons).toEqual([expect.objectContaining({ ruleId: 'governance.teckal', status: 'met', message: expect.stringContaining('2018-19') })]);
    expect(result.reasons[0].message).toContain('Public Contracts Regulations 2015 reg. 12(1)');
  });

  it.each([80, 79])('is not ready at %i% for 2018-19, at once and long before go-live, naming the year (PCR 2015 reg. 12(1): more than 80%)', (share) => {
    const result = judge(teckal([year('2018-19', share, '2017-11-01')]), '2017-11-02');
    expect(result.status).toBe('not-ready');
    expect(result.reasons[0]).toMatchObject({ ruleId: 'governance.teckal', status: 'overdue' });
    expect(result.reasons[0].message).toContain('2018-19');
    expect(result.reasons[0].message).toContain(`${share}% of the trust’s activity is for the council, not more than ${POLICY.teckalActivityShareAbove}%`);
  });

  it('judges every recorded year: 85% in 2018-19 is met, 79% in 2019-20 is not ready (PCR 2015 reg. 12(1))', () => {
    const item = teckal([year('2018-19', 85, '2018-01-10'), year('2019-20', 79, '2018-02-10')]);
    const result = judge(item, '2018-02-11');
    expect(result.status).toBe('not-ready');
    expect(result.reasons.map((r) => [r.status, r.message.slice(0, 29)])).toEqual([
      ['met', 'Teckal conditions for 2018-19'],
      ['overdue', 'Teckal conditions for 2019-20'],
    ]);
  });

  it('takes a later record for a year as correcting the earlier one: 79% then 83% for 2019-20 is ready (PCR 2015 reg. 12(1))', () => {
    const item = teckal([year('2018-19', 90, '2018-01-10'), year('2019-20', 79, '2018-02-10'), year('2019-20', 83, '2018-03-01')]);
    expect(judge(item, '2018-03-02').status).toBe('ready');
  });

  it('is not ready when the council does not control the trust, or there is private capital (PCR 2015 reg. 12(1)(a) and (c))', () => {
    const noControl = judge(teckal([year('2018-19', 95, '2018-01-10', { councilControl: false })]), '2018-01-11');
    expect(noControl.status).toBe('not-ready');
    expect(noControl.reasons[0].message).toContain('the council does not control the trust');
    const capital = judge(teckal([year('2018-19', 95, '2018-01-10', { privateCapital: true })]), '2018-01-11');
    expect(capital.status).toBe('not-ready');
    expect(capital.reasons[0].message).toContain('there is private capital in the trust');
  });

  it('wants the go-live year recorded by go-live: due before, overdue after, even with an earlier year recorded (PCR 2015 reg. 12(1))', () => {
    const earlier = teckal([year('2017-18', 92, '2017-06-01')]);
    expect(reasonsOf(earlier, '2018-03-31', 'governance.teckal').map((r) => r.status)).toEqual(['met', 'due']);
    expect(judge(earlier, '2018-03-31').status).toBe('at-risk');
    expect(judge(earlier, '2018-04-02').status).toBe('not-ready');
    expect(reasonsOf(teckal([]), '2018-04-02', 'governance.teckal')[0].message).toBe(
      'Teckal conditions for 2018-19 recorded (Public Contracts Regulations 2015 reg. 12(1)): due by 1 April 2018, not done',
    );
  });

  it('reads the latest record where the item keeps no history', () => {
    const item = governance({ governanceKind: 'teckal' }, { 'teckal-conditions-recorded': year('2018-19', 81, '2018-01-10') });
    expect(judge(item, '2018-02-01').status).toBe('ready');
  });

  describe('cites the law in force when the procurement began: PCR 2015 before 24 February 2025, Procurement Act 2023 from then', () => {
    const citation = (details: Record<string, unknown>, goLiveDate: string, financialYear: string) =>
      reasonsOf(teckal([year(financialYear, 90, '2017-01-10')], details), '2017-01-11', 'governance.teckal', goLiveDate)[0].message;
    it('cites PCR 2015 reg. 12(1) for a procurement begun on 23 February 2025, and Procurement Act 2023 Sch. 2 para. 2 for one begun on the 24th', () => {
      expect(POLICY.procurementActFrom).toBe('2025-02-24');
      expect(citation({ procurementBegunOn: '2025-02-23' }, '2025-10-01', '2025-26')).toContain('Public Contracts Regulations 2015 reg. 12(1)');
      expect(citation({ procurementBegunOn: '2025-02-24' }, '2025-10-01', '2025-26')).toContain('Procurement Act 2023 Sch. 2 para. 2');
    });
    it('judges by the go-live date when the procurement date is not recorded: 1 April 2018 under PCR 2015, 1 April 2026 under the Procurement Act 2023', () => {
      expect(citation({}, '2018-04-01', '2018-19')).toContain('Public Contracts Regulations 2015 reg. 12(1)');
      expect(citation({}, '2026-04-01', '2026-27')).toContain('Procurement Act 2023 Sch. 2 para. 2');
      expect(citation({}, '2026-04-01', '2026-27')).not.toContain('Public Contracts Regulations');
    });
  });
});

describe('governance.direction-contract and governance.direction-agreement — Education Act 1996 s.497A, as applied by Children Act 2004 s.50', () => {
  const direction = (steps: Steps) => governance({ governanceKind: 'statutory-direction' }, steps);
  const contract = { 'service-delivery-contract-signed': { on: '2018-03-20' } };
  const agreement = { 'governance-agreement-signed': { on: '2018-03-22' } };

  it('is not ready after go-live with only the service delivery contract signed: the governance agreement is its own document', () => {
    const result = judge(direction(contract), '2018-04-02');
    expect(result.status).toBe('not-ready');
    expect(result.reasons.map((r) => [r.ruleId, r.status])).toEqual([
      ['governance.direction-contract', 'met'],
      ['governance.direction-agreement', 'overdue'],
    ]);
  });

  it('is not ready after go-live with only the governance agreement signed: the contract is its own document', () => {
    expect(judge(direction(agreement), '2018-04-02').reasons.map((r) => [r.ruleId, r.status])).toEqual([
      ['governance.direction-contract', 'overdue'],
      ['governance.direction-agreement', 'met'],
    ]);
  });

  it('is at risk before go-live with one signed, and ready with both signed by go-live', () => {
    expect(judge(direction(contract), '2018-03-21').status).toBe('at-risk');
    expect(judge(direction({ ...contract, ...agreement }), '2018-04-02').status).toBe('ready');
  });
});

describe('governance.ofsted — Care Standards Act 2000 s.11; typical registration time is policy', () => {
  const ofsted = (registrationType: string | undefined, steps: Steps, establishmentName?: string) =>
    governance({ governanceKind: 'ofsted-registration', ...(registrationType ? { registrationType } : {}), ...(establishmentName ? { establishmentName } : {}) }, steps);
  const application = (item: ItemFacts, today: string) => reasonsOf(item, today, 'governance.ofsted')[0];

  it('takes an application made 8 months before go-live (1 August 2017) as in time: 6 months takes it to 1 February 2018', () => {
    expect(POLICY.ofstedTypicalRegistrationMonths).toBe(6);
    const reason = application(ofsted('fostering-agency', { 'registration-applied': { on: '2017-08-01' } }), '2017-08-02');
    expect(reason).toMatchObject({ status: 'met', message: expect.stringContaining('in time') });
  });

  it('puts an application made 4 months before go-live (1 December 2017) at risk the day it is made, long before go-live', () => {
    const item = ofsted('adoption-agency', { 'registration-applied': { on: '2017-12-01' } });
    const reason = application(item, '2017-12-01');
    expect(reason.status).toBe('late');
    expect(reason.message).toBe(
      'Ofsted registration as an adoption agency applied for on 1 December 2017: registration typically takes 6 months, so it is expected about 1 June 2018, after go-live on 1 April 2018',
    );
    expect(judge(item, '2017-12-01').status).toBe('at-risk');
  });

  it('accepts an application exactly 6 months before go-live, and is overdue the day after that with none made', () => {
    expect(application(ofsted('fostering-agency', { 'registration-applied': { on: '2017-10-01' } }), '2017-10-01').status).toBe('met');
    const none = ofsted('fostering-agency', {});
    expect(application(none, '2017-10-01').status).toBe('due');
    expect(application(none, '2017-10-02').status).toBe('overdue');
    expect(judge(none, '2017-10-02').status).toBe('not-ready');
  });

  it('wants registration granted by go-live: ready once registered, not ready after go-live without it', () => {
    const applied = { 'registration-applied': { on: '2017-07-03' } };
    expect(judge(ofsted('fostering-agency', { ...applied, registered: { on: '2018-02-14' } }), '2018-02-15').status).toBe('ready');
    const waiting = judge(ofsted('fostering-agency', applied), '2018-04-02');
    expect(waiting.status).toBe('not-ready');
    expect(waiting.reasons.at(-1)).toMatchObject({ status: 'overdue', message: 'Ofsted registration as a fostering agency granted: due by 1 April 2018, not done' });
  });

  it('wants a registered manager for a children’s home, and not for a fostering agency', () => {
    const registered = { 'registration-applied': { on: '2017-07-03' }, registered: { on: '2018-02-14' } };
    const home = judge(ofsted('childrens-home', registered, 'Lodge House'), '2018-04-02');
    expect(home.status).toBe('not-ready');
    expect(home.reasons.at(-1)!.message).toBe('Registered manager appointed for a children’s home (Lodge House): due by 1 April 2018, not done');
    expect(judge(ofsted('childrens-home', { ...registered, 'registered-manager-appointed': { on: '2018-01-08' } }, 'Lodge House'), '2018-04-02').status).toBe('ready');
    expect(judge(ofsted('fostering-agency', registered), '2018-04-02').status).toBe('ready');
  });

  it('wants a registered manager for supported accommodation for 16–17-year-olds (registered since October 2023)', () => {
    const registered = { 'registration-applied': { on: '2025-06-02' }, registered: { on: '2025-12-01' } };
    expect(judge(ofsted('supported-accommodation', registered), '2026-04-02', '2026-04-01').status).toBe('not-ready');
    expect(judge(ofsted('supported-accommodation', { ...registered, 'registered-manager-appointed': { on: '2025-11-03' } }), '2026-04-02', '2026-04-01').status).toBe('ready');
  });

  it('flags the registration from six months before go-live, the window the old 180 days gave', () => {
    const snapshot: ProgrammeSnapshot = { today: '2017-09-01', goLiveDate: GO_LIVE, items: [ofsted('fostering-agency', {})], findings: [], buyBack: new Map(), envelopes: new Map(), money: agreedBalancedMoney(GO_LIVE) };
    expect(assessReadiness(snapshot).blockers.map((b) => b.bitesOn)).toEqual(['2017-10-01', '2017-10-01']);
  });
});

describe('governance.services-contract and governance.pension-protection — Best Value Authorities Staff Transfers (Pensions) Direction 2007; DOMAIN rules 4 and 8', () => {
  const contract = (steps: Steps) => governance({ governanceKind: 'services-contract' }, steps);
  const parts = { 'kpis-agreed': { on: '2018-01-15' }, 'change-control-agreed': { on: '2018-01-22' }, 'annual-review-agreed': { on: '2018-01-22' } };

  it('is ready signed before go-live with pension protection confirmed, KPIs, change control and annual review agreed', () => {
    const result = judge(contract({ ...parts, 'pension-protection-confirmed': { on: '2018-02-01' }, signed: { on: '2018-03-01' } }), '2018-04-02');
    expect(result.status).toBe('ready');
    expect(result.reasons.map((r) => r.ruleId)).toEqual([
      'governance.pension-protection',
      'governance.services-contract',
      'governance.services-contract',
      'governance.services-contract',
      'governance.services-contract',
    ]);
  });

  it('does not count a contract signed while its pension protection is unconfirmed: at risk before go-live, not ready after', () => {
    const signed = contract({ ...parts, signed: { on: '2018-03-01' } });
    const before = judge(signed, '2018-03-02');
    expect(before.status).toBe('at-risk');
    expect(before.reasons.find((r) => r.ruleId === 'governance.services-contract' && r.status === 'due')!.message).toBe(
      'Services contract signed on 1 March 2018, but it cannot count as signed while its pension protection is unconfirmed',
    );
    const after = judge(signed, '2018-04-02');
    expect(after.status).toBe('not-ready');
    expect(after.reasons.map((r) => [r.ruleId, r.status])).toContainEqual(['governance.pension-protection', 'overdue']);
  });

  it('counts the signature from the day pension protection was confirmed: late when that was after go-live', () => {
    const result = judge(contract({ ...parts, signed: { on: '2018-03-01' }, 'pension-protection-confirmed': { on: '2018-04-10' } }), '2018-04-11');
    expect(result.status).toBe('at-risk');
    expect(result.reasons.at(-1)).toMatchObject({ status: 'late', message: expect.stringContaining('counted from when its pension protection was confirmed') });
  });

  it('is not ready after go-live when the KPIs are not agreed, even if signed with pension protection', () => {
    const withoutKpis = { 'change-control-agreed': parts['change-control-agreed'], 'annual-review-agreed': parts['annual-review-agreed'] };
    const result = judge(contract({ ...withoutKpis, 'pension-protection-confirmed': { on: '2018-02-01' }, signed: { on: '2018-03-01' } }), '2018-04-02');
    expect(result.status).toBe('not-ready');
    expect(result.reasons).toContainEqual({ ruleId: 'governance.services-contract', status: 'overdue', message: 'KPIs agreed: due by 1 April 2018, not done' });
  });
});

describe('governance.cash — DOMAIN rule 10: working capital recorded before go-live', () => {
  const facility = { facilityAmount: 2_000_000, lender: 'Sandwell Metropolitan Borough Council', repaymentTerms: 'Repaid over five years from 2019-20' };
  const cash = (records: ({ on: string } & typeof facility)[]) =>
    governance(
      { governanceKind: 'cash-flow-treasury' },
      records.length > 0 ? { 'working-capital-recorded': records.at(-1)! } : {},
      records.length > 0 ? { 'working-capital-recorded': records } : undefined,
    );

  it('is ready with the facility, its lender and repayment terms recorded before go-live', () => {
    const result = judge(cash([{ on: '2018-02-01', ...facility }]), '2018-04-02');
    expect(result.status).toBe('ready');
    expect(result.reasons[0].message).toBe(
      'Working-capital facility of £2,000,000 from Sandwell Metropolitan Borough Council recorded (repayment: Repaid over five years from 2019-20): done on 1 February 2018',
    );
  });

  it('is not ready after go-live with nothing recorded, and stays ready when terms renegotiated after go-live are recorded', () => {
    expect(judge(cash([]), '2018-04-02').status).toBe('not-ready');
    const renegotiated = cash([{ on: '2018-02-01', ...facility }, { on: '2018-06-01', ...facility, facilityAmount: 2_500_000 }]);
    const result = judge(renegotiated, '2018-06-02');
    expect(result.status).toBe('ready');
    expect(result.reasons[0].message).toContain('£2,500,000');
  });
});

describe('governance.signed-off — DOMAIN: governance & contract, for the kinds without steps of their own', () => {
  it('is ready signed off before go-live, and not ready after go-live without it', () => {
    expect(judge(governance({ governanceKind: 'incorporation' }, { 'signed-off': { on: '2017-11-01', by: 'Trust Board' } }), '2018-04-02').status).toBe('ready');
    expect(judge(governance({ governanceKind: 'board-appointed' }, {}), '2018-04-02').status).toBe('not-ready');
  });

  it('does not take a sign-off stored before the steps existed as meeting a kind that now has its own (rule-set version 2), and says so', () => {
    const legacy = judge(governance({ governanceKind: 'teckal' }, { 'signed-off': { on: '2018-01-05', by: 'Trust Board' } }), '2018-02-01');
    expect(legacy.status).toBe('at-risk');
    expect(legacy.reasons[0]).toMatchObject({ ruleId: RULES.teckal.id, status: 'due', message: expect.stringContaining('signed off on 5 January 2018 as a single step; that no longer shows this') });
    expect(judge(governance({ governanceKind: 'services-contract' }, { 'signed-off': { on: '2018-01-05', by: 'Trust Board' } }), '2018-04-02').status).toBe('not-ready');
  });
});

describe('governance.day-one — Employers’ Liability (Compulsory Insurance) Act 1969 s.1 and the rest of the day-one checklist', () => {
  const insurance = (steps: Steps = {}) => governance({ governanceKind: 'day-one', title: 'Employer’s liability insurance in force', neededOnDayOne: true }, steps);

  it('is ready once confirmed in place before go-live, with who confirmed it', () => {
    const result = judge(insurance({ 'signed-off': { on: '2018-03-20', by: 'Trust finance director' } }), '2018-03-26');
    expect(result.status).toBe('ready');
    expect(result.reasons).toEqual([{ ruleId: RULES.dayOne.id, status: 'met', message: 'Employer’s liability insurance in force in place for day one: done on 20 March 2018' }]);
  });

  it('is due before go-live, and not ready on go-live day and after without it (the new body cannot employ anyone uninsured)', () => {
    expect(reasonsOf(insurance(), '2018-03-26', 'governance.day-one')).toEqual([expect.objectContaining({ status: 'due', message: 'Employer’s liability insurance in force in place for day one: due by 1 April 2018' })]);
    expect(judge(insurance(), '2018-04-02').status).toBe('not-ready');
    expect(reasonsOf(insurance(), '2018-04-02', 'governance.day-one')[0].status).toBe('overdue');
  });

  it('names its sources', () => {
    expect(RULES.dayOne.source).toContain('Employers’ Liability (Compulsory Insurance) Act 1969 s.1');
    expect(RULES.dayOne.source).toContain('Data Protection (Charges and Information) Regulations 2018');
  });
});
