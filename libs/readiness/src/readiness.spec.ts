import { agreedBalancedMoney } from '../../domain/src/testing/money';
import { ItemFacts, ProgrammeSnapshot, RATING_THRESHOLDS, assessReadiness, rate } from './readiness';
import { financialYearOf } from './dates';

const GO_LIVE = '2027-04-01';
const snapshot = (items: ItemFacts[], overrides: Partial<ProgrammeSnapshot> = {}): ProgrammeSnapshot => ({
  today: '2027-01-15',
  goLiveDate: GO_LIVE,
  items,
  findings: [],
  buyBack: new Map(),
  envelopes: new Map(),
  // The money in place, so what each test is about decides it (the money rules: money.spec.ts).
  money: agreedBalancedMoney(GO_LIVE),
  ...overrides,
});
const item = (kind: ItemFacts['kind'], details: Record<string, unknown> = {}, steps: ItemFacts['steps'] = {}, itemId = 'i-1'): ItemFacts => ({
  itemId,
  kind,
  reference: 'REF-1',
  details,
  steps,
});
const done = (on: string, fields: Record<string, unknown> = {}) => ({ on, ...fields });
const only = (s: ProgrammeSnapshot) => assessReadiness(s).items[0];
/** A route given at registration is the step mechanism-chosen on that day (see register-item.ts); routes in full: contracts.spec.ts. */
const routed = (mechanism: string, steps: ItemFacts['steps'] = {}, itemId = 'i-1') => item('contract', { mechanism }, { 'mechanism-chosen': done('2026-10-01', { mechanism }), ...steps }, itemId);
/** A contract ready on its route: terminated with notice served and the service not needed from day one. */
const terminated = (itemId = 'i-1') =>
  routed('terminate', { 'notice-served': done('2026-12-01', { endDate: '2027-03-31' }), 'service-cover-confirmed': done('2026-12-01', { cover: 'not-needed-from-day-one' }) }, itemId);
const ruleStatus = (s: ProgrammeSnapshot, ruleId: string) => only(s).reasons.filter((r) => r.ruleId === ruleId).map((r) => r.status);

describe('readiness rules, each deciding both ways', () => {
  describe('staff.eli — TUPE 2006 reg. 11(6), 28 days before transfer', () => {
    const staff = (steps: ItemFacts['steps'] = {}) => item('staff-group', { pensionScheme: 'none' }, steps);
    it('is due while missing with 28 or more days to go, and overdue with fewer', () => {
      expect(ruleStatus(snapshot([staff()], { today: '2027-03-04' }), 'staff.eli')).toEqual(['due']);
      expect(ruleStatus(snapshot([staff()], { today: '2027-03-05' }), 'staff.eli')).toEqual(['overdue']);
      expect(only(snapshot([staff()], { today: '2027-03-05' })).status).toBe('not-ready');
    });
    it('is met when received in time, and late when received after the deadline', () => {
      expect(ruleStatus(snapshot([staff({ 'eli-received': done('2027-03-01') })]), 'staff.eli')).toEqual(['met']);
      expect(ruleStatus(snapshot([staff({ 'eli-received': done('2027-03-10') })], { today: '2027-03-12' }), 'staff.eli')).toEqual(['late']);
    });
  });

  describe('staff.consultation and staff.redundancies — lead time, and TULRCA s.188 for 100 or more', () => {
    it('wants consultation started 30 days before transfer by policy', () => {
      const staff = item('staff-group', { pensionScheme: 'none' });
      expect(ruleStatus(snapshot([staff], { today: '2027-03-02' }), 'staff.consultation')).toContain('due');
      expect(ruleStatus(snapshot([staff], { today: '2027-03-03' }), 'staff.consultation')).toContain('overdue');
    });
    it('wants 45 days where 100 or more redundancies are proposed', () => {
      const staff = item('staff-group', { pensionScheme: 'none', redundanciesProposed: 120, establishment: 'County Hall' });
      expect(ruleStatus(snapshot([staff], { today: '2027-02-15' }), 'staff.redundancies')).toEqual(['due']);
      expect(ruleStatus(snapshot([staff], { today: '2027-02-16' }), 'staff.redundancies')).toEqual(['overdue']);
    });
  });

  describe('staff.pensions — LGPS admission by go-live (its parts: staff.spec.ts)', () => {
    it('applies to LGPS members only', () => {
      // Legal basis, actuary's report, risk assessment, bond decision, and the agreement itself.
      expect(ruleStatus(snapshot([item('staff-group', { pensionScheme: 'lgps' })]), 'staff.pensions')).toEqual(['due', 'due', 'due', 'due', 'due']);
      expect(ruleStatus(snapshot([item('staff-group', { pensionScheme: 'teachers' })]), 'staff.pensions')).toEqual([]);
      expect(ruleStatus(snapshot([item('staff-group', { pensionScheme: 'lgps' }, { 'admission-agreement-signed': done('2027-01-10') })]), 'staff.pensions').at(-1)).toEqual('met');
    });
  });

  describe('contracts.novation — rule 6', () => {
    it('is not ready to novate without an executed deed once go-live has passed, and ready with consent and deed', () => {
      const novate = (steps: ItemFacts['steps'] = {}) => routed('novate', steps);
      expect(only(snapshot([novate()], { today: '2027-04-02' })).status).toBe('not-ready');
      expect(only(snapshot([novate({ 'consent-received': done('2027-01-02'), 'deed-executed': done('2027-01-09') })])).status).toBe('ready');
    });
    it('is at risk, not ready, when an interim arrangement covers go-live', () => {
      const covered = routed('novate', { 'consent-received': done('2027-01-02'), 'interim-arrangement-agreed': done('2027-01-05', { endDate: '2027-09-30' }) });
      expect(ruleStatus(snapshot([covered], { today: '2027-04-02' }), 'contracts.novation')).toEqual(['met', 'interim']);
      expect(only(snapshot([covered], { today: '2027-04-02' })).status).toBe('at-risk');
    });
    it('asks a contract the council keeps for its recharge agreement, and a contract without a route for one', () => {
      expect(only(snapshot([routed('council-retains', { 'recharge-agreement-signed': done('2027-01-10') })])).status).toBe('ready');
      expect(only(snapshot([routed('council-retains')], { today: '2027-04-02' })).status).toBe('not-ready');
      expect(ruleStatus(snapshot([item('contract', {})]), 'contracts.route')).toEqual(['due']);
    });
  });

  describe('systems', () => {
    it('wants a data-sharing agreement only where the council hosts or shares, and migration tested only where data moves', () => {
      const hosted = item('system', { migrationNeeded: false }, { 'sourcing-option-chosen': done('2027-01-01', { option: 'council-hosted-sla' }), 'access-confirmed': done('2027-01-02') });
      expect(ruleStatus(snapshot([hosted]), 'systems.data-sharing')).toEqual(['due']);
      const transferred = item('system', { migrationNeeded: true }, { 'sourcing-option-chosen': done('2027-01-01', { option: 'transfer' }), 'access-confirmed': done('2027-01-02') });
      expect(ruleStatus(snapshot([transferred]), 'systems.data-sharing')).toEqual([]);
      expect(ruleStatus(snapshot([transferred]), 'systems.migration')).toEqual(['due']);
    });
  });

  it('processes need an owner and a walk-through; assets a mechanism and a completed instrument', () => {
    expect(only(snapshot([item('process', {}, { 'owner-named': done('2027-01-01', { owner: 'x' }), 'walked-through': done('2027-01-02') })])).status).toBe('ready');
    expect(only(snapshot([item('process', {}, { 'owner-named': done('2027-01-01', { owner: 'x' }) })])).status).toBe('at-risk');
    expect(only(snapshot([item('asset', {}, { 'transfer-mechanism-chosen': done('2027-01-01', { mechanism: 'lease' }) })], { today: '2027-04-02' })).status).toBe('not-ready');
  });

  describe('slas — rule 9', () => {
    const yearOne = financialYearOf(GO_LIVE);
    it('is ready when signed with a year-one budget, at risk signed without one', () => {
      const signed = item('sla', {}, { signed: done('2027-01-10') }, 'sla-1');
      expect(only(snapshot([signed], { buyBack: new Map([[`sla-1/${yearOne}`, 85000]]) })).status).toBe('ready');
      expect(ruleStatus(snapshot([signed]), 'slas.budget')).toEqual(['due']);
    });
    it('is at risk on an interim arrangement that runs past go-live, not ready on one that ends before', () => {
      const interim = (endDate: string) => item('sla', {}, { 'interim-arrangement-agreed': done('2027-01-10', { endDate }) });
      // On interim terms it is bought back, so it needs its year-one budget line too (slas.budget).
      expect(only(snapshot([interim('2027-06-30')], { today: '2027-04-02', buyBack: new Map([[`i-1/${yearOne}`, 85000]]) })).status).toBe('at-risk');
      expect(only(snapshot([interim('2027-03-31')], { today: '2027-04-02' })).status).toBe('not-ready');
    });
  });

  describe('budgets.envelope', () => {
    const yearOne = financialYearOf(GO_LIVE);
    const slas = [item('sla', {}, {}, 'a'), item('sla', {}, {}, 'b')];
    const buyBack = new Map([
      [`a/${yearOne}`, 60000],
      [`b/${yearOne}`, 50000],
      [`a/2028-29`, 999999],
    ]);
    const area = (envelope?: number) => assessReadiness(snapshot(slas, { buyBack, envelopes: new Map(envelope ? [[yearOne, envelope]] : []) })).areas.find((a) => a.area === 'budgets')!;
    const envelopeReasons = (envelopes: [string, number][]) => assessReadiness(snapshot(slas, { buyBack, envelopes: new Map(envelopes) })).blockers.filter((b) => b.ruleId === 'budgets.envelope');
    it('is met when the year-one total fits, and not ready when it does not', () => {
      // With the money otherwise in place (three rules met), the envelope decides the rest.
      expect(area(110000).counts).toMatchObject({ ready: 4, 'not-ready': 0, 'at-risk': 0 });
      expect(area(109999).counts['not-ready']).toBe(1);
      expect(area(undefined).counts['at-risk']).toBe(1);
    });
    it('(version 3) holds in every year with an envelope, not only year one', () => {
      expect(envelopeReasons([[yearOne, 110000], ['2028-29', 999999]])).toEqual([]);
      expect(envelopeReasons([[yearOne, 110000], ['2028-29', 999998]])).toEqual([expect.objectContaining({ message: 'Buy-back £999,999 exceeds the £999,998 envelope for 2028-29', overdue: true })]);
      // Version 2 looked at year one only.
      expect(assessReadiness(snapshot(slas, { buyBack, envelopes: new Map([[yearOne, 110000], ['2028-29', 1]]) }), 2).blockers.filter((b) => b.ruleId === 'budgets.envelope')).toEqual([]);
    });
  });

  describe('governance', () => {
    // Six months (POLICY.ofstedTypicalRegistrationMonths) replaces the old 180-day window; both application and registration are flagged.
    it('flags Ofsted registration six months before go-live, ahead of other items', () => {
      const ofsted = item('governance-item', { governanceKind: 'ofsted-registration', registrationType: 'fostering-agency', title: 'Ofsted registration' }, {}, 'o');
      const contract = item('governance-item', { governanceKind: 'services-contract', title: 'Services contract' }, {}, 's');
      const { blockers } = assessReadiness(snapshot([contract, ofsted], { today: '2026-09-01' }));
      expect(blockers.map((b) => b.ruleId).slice(0, 2)).toEqual(['governance.ofsted', 'governance.ofsted']);
      expect(blockers.map((b) => b.ruleId).slice(2)).toContain('governance.services-contract');
      expect(blockers[0].bitesOn).toBe('2026-10-01');
    });
    it('is met once signed off', () => {
      expect(only(snapshot([item('governance-item', { governanceKind: 'incorporation', title: 'Incorporation' }, { 'signed-off': done('2027-01-01', { by: 'Board' }) })])).status).toBe('ready');
    });
  });

  describe('findings', () => {
    const ready = terminated();
    const finding = (severity: 'critical' | 'high' | 'medium', status: 'open' | 'closed' | 'risk-accepted' = 'open', expiresOn?: string) => ({
      findingId: 'f-1',
      title: 'Supplier insolvent',
      target: { kind: 'item' as const, itemId: 'i-1', area: 'contracts' },
      severity,
      status,
      ...(expiresOn ? { riskAcceptance: { expiresOn } } : {}),
    });
    it('an open critical finding blocks, an open high one puts at risk, others and closed ones do not', () => {
      expect(only(snapshot([ready], { findings: [finding('critical')] })).status).toBe('not-ready');
      expect(only(snapshot([ready], { findings: [finding('high')] })).status).toBe('at-risk');
      expect(only(snapshot([ready], { findings: [finding('medium')] })).status).toBe('ready');
      expect(only(snapshot([ready], { findings: [finding('critical', 'closed')] })).status).toBe('ready');
    });
    it('an accepted risk counts again once its acceptance lapses', () => {
      expect(only(snapshot([ready], { findings: [finding('critical', 'risk-accepted', '2027-02-01')] })).status).toBe('ready');
      expect(only(snapshot([ready], { findings: [finding('critical', 'risk-accepted', '2027-01-15')] })).status).toBe('not-ready');
    });
  });
});

describe('the five-point rating', () => {
  const counts = (ready: number, atRisk: number, notReady: number) => ({ ready, 'at-risk': atRisk, 'not-ready': notReady, 'not-applicable': 0 });

  it.each([
    // days to go-live, ready, at risk, not ready, rating (every band both ways: rating.spec.ts)
    [600, 5, 5, 0, 'green'], // nothing is expected yet, and half is ready
    [365, 0, 10, 0, 'amber'], // a quarter expected a year out, nothing ready
    [180, 5, 5, 0, 'green'], // half expected, half ready
    [180, 4, 6, 0, 'amber-green'], // 10 points behind
    [180, 3, 7, 0, 'amber'], // 20 points behind
    [180, 2, 8, 0, 'amber-red'], // 30 points behind
    [180, 9, 0, 1, 'amber-red'], // anything not ready
    [180, 7, 0, 3, 'red'], // a quarter or more not ready
    [28, 9, 0, 1, 'red'], // not ready in the final stretch
    [28, 9, 1, 0, 'amber-green'], // at risk in the final stretch
    [0, 10, 0, 0, 'green'],
  ] as const)('%i days out, %i ready / %i at risk / %i not ready → %s', (days, ready, atRisk, notReady, rating) => {
    expect(rate(counts(ready, atRisk, notReady), days)).toBe(rating);
  });

  it('has nothing to say about an empty area', () => {
    expect(rate(counts(0, 0, 0), 30)).toBeNull();
  });

  it('keeps its thresholds in one documented place', () => {
    expect(RATING_THRESHOLDS).toMatchObject({ buildUpStartDays: 540, halfwayDays: 180, greenFloor: 0.5, finalStretchDays: 28, redNotReadyShare: 0.25 });
  });

  it('rates the programme by its worst area, and lists blockers soonest first', () => {
    const staff = item('staff-group', { pensionScheme: 'none' }, {}, 's');
    const contract = terminated('c');
    const result = assessReadiness(snapshot([staff, contract], { today: '2027-03-10' }));
    expect(result.daysToGoLive).toBe(22);
    expect(result.areas.find((a) => a.area === 'contracts')!.rating).toBe('green');
    expect(result.areas.find((a) => a.area === 'staff')!.rating).toBe('red');
    expect(result.overall).toBe('red');
    expect(result.blockers.slice(0, 3).map((b) => [b.ruleId, b.bitesOn, b.overdue])).toEqual([
      ['staff.consultation', '2027-03-02', true],
      ['staff.inform', '2027-03-02', true],
      // TUPE reg. 13(4) is an order of dates: with neither informing nor consultation recorded, the letter is still due.
      ['staff.measures-letter', '2027-03-02', false],
    ]);
  });
});
