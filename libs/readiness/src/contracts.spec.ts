import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';
import { POLICY, RULES } from './rules';

/*
 * Contracts (DOMAIN rule 6) on a Sandwell-like timeline: go-live on 1 April 2018. Every contract
 * here expires well after go-live unless a test says otherwise, so only the route's rules speak.
 */
const GO_LIVE = '2018-04-01';
const LATER = '2020-03-31';
const snapshot = (items: ItemFacts[], today = '2018-01-15'): ProgrammeSnapshot => ({ today, goLiveDate: GO_LIVE, items, findings: [], buyBack: new Map(), envelopes: new Map() });
/** A contract as the domain hands it over: a route given at registration is the step mechanism-chosen on the registration day. */
const contract = (mechanism: string | undefined, steps: ItemFacts['steps'] = {}, details: Record<string, unknown> = {}): ItemFacts => ({
  itemId: 'c-1',
  kind: 'contract',
  reference: 'SMBC-C-104',
  details: { supplier: 'Liquidlogic Ltd', title: 'Case management system', annualValue: 180000, expiryDate: LATER, ...(mechanism ? { mechanism } : {}), ...details },
  steps: { ...(mechanism ? { 'mechanism-chosen': { on: '2016-11-07', mechanism } } : {}), ...steps },
});
const done = (on: string, fields: Record<string, unknown> = {}) => ({ on, ...fields });
const judged = (item: ItemFacts, today?: string) => assessReadiness(snapshot([item], today)).items[0];
const reasons = (item: ItemFacts, ruleId: string, today?: string) => judged(item, today).reasons.filter((r) => r.ruleId === ruleId);
const statuses = (item: ItemFacts, ruleId: string, today?: string) => reasons(item, ruleId, today).map((r) => r.status);

describe('contracts.route — DOMAIN rule 6: a route given at registration was chosen on the registration day', () => {
  it('is met, not "done after go-live", when a route registered in November 2016 is read after go-live', () => {
    const kept = contract('council-retains', { 'recharge-agreement-signed': done('2018-02-20') });
    expect(reasons(kept, 'contracts.route', '2018-06-01')).toEqual([{ ruleId: 'contracts.route', status: 'met', message: 'Route chosen: done on 7 November 2016' }]);
    expect(judged(kept, '2018-06-01').status).toBe('ready');
  });
  it('is due with no route, and overdue once go-live has passed without one', () => {
    expect(statuses(contract(undefined), 'contracts.route')).toEqual(['due']);
    expect(statuses(contract(undefined), 'contracts.route', '2018-04-02')).toEqual(['overdue']);
  });
  it('is late when the route was first chosen after go-live', () => {
    const late = { ...contract(undefined), details: { ...contract(undefined).details, mechanism: 'terminate' }, steps: { 'mechanism-chosen': done('2018-05-01', { mechanism: 'terminate' }) } };
    expect(statuses(late, 'contracts.route', '2018-06-01')).toEqual(['late']);
  });
});

describe('contracts.replacement — DOMAIN rule 6: re-procure means a replacement signed, starting no later than go-live', () => {
  it('is not ready on the route alone: due before go-live, overdue after', () => {
    expect(statuses(contract('new-contract'), 'contracts.replacement')).toEqual(['due']);
    expect(judged(contract('new-contract'), '2018-04-02').status).toBe('not-ready');
  });
  it('is ready when signed by go-live and starting on go-live', () => {
    const signed = contract('new-contract', { 'replacement-contract-signed': done('2018-02-28', { startDate: '2018-04-01' }) });
    expect(statuses(signed, 'contracts.replacement')).toEqual(['met']);
    expect(judged(signed).status).toBe('ready');
  });
  it('names the gap when the replacement starts after go-live: at risk before, not ready during the gap, late after', () => {
    const gap = contract('new-contract', { 'replacement-contract-signed': done('2018-02-28', { startDate: '2018-05-01' }) });
    expect(reasons(gap, 'contracts.replacement')[0]).toEqual({
      ruleId: 'contracts.replacement',
      status: 'due',
      message: 'Replacement contract signed on 28 February 2018 but starts on 1 May 2018, after go-live: no contract from 1 April 2018 to 30 April 2018',
    });
    expect(judged(gap).status).toBe('at-risk');
    expect(judged(gap, '2018-04-15').status).toBe('not-ready');
    expect(statuses(gap, 'contracts.replacement', '2018-05-02')).toEqual(['late']);
  });
  it('is late when signed after go-live', () => {
    expect(statuses(contract('new-contract', { 'replacement-contract-signed': done('2018-04-20', { startDate: '2018-04-01' }) }), 'contracts.replacement', '2018-05-01')).toEqual(['late']);
  });
});

describe('contracts.termination — DOMAIN rule 6: notice served, and the service not needed or covered another way', () => {
  it('is not ready with notice alone, nor with cover alone', () => {
    const notice = contract('terminate', { 'notice-served': done('2017-12-01', { endDate: '2018-03-31' }) });
    expect(statuses(notice, 'contracts.termination')).toEqual(['met', 'due']);
    expect(judged(notice, '2018-04-02').status).toBe('not-ready');
    const cover = contract('terminate', { 'service-cover-confirmed': done('2017-12-01', { cover: 'not-needed-from-day-one' }) });
    expect(statuses(cover, 'contracts.termination', '2018-04-02')).toEqual(['overdue', 'met']);
  });
  it('is ready with both, and says when the contract ends and how the service is covered', () => {
    const ended = contract('terminate', {
      'notice-served': done('2017-12-01', { endDate: '2018-03-31' }),
      'service-cover-confirmed': done('2018-01-10', { cover: 'covered-another-way', note: 'Spot purchase through the regional framework' }),
    });
    expect(judged(ended).status).toBe('ready');
    expect(reasons(ended, 'contracts.termination').map((r) => r.message)).toEqual([
      'Notice served (the contract ends on 31 March 2018): done on 1 December 2017',
      'Service confirmed as covered another way (Spot purchase through the regional framework): done on 10 January 2018',
    ]);
  });
});

describe('contracts.recharge — DOMAIN rule 6: the council keeps and recharges under a signed agreement', () => {
  it('is not ready on the route alone once go-live has passed', () => {
    expect(statuses(contract('council-retains'), 'contracts.recharge')).toEqual(['due']);
    expect(judged(contract('council-retains'), '2018-04-02').status).toBe('not-ready');
  });
  it('is ready with the agreement signed, or an SLA covering it named', () => {
    expect(judged(contract('council-retains', { 'recharge-agreement-signed': done('2018-03-01') })).status).toBe('ready');
    const bySla = contract('council-retains', { 'recharge-agreement-signed': done('2018-03-01', { slaReference: 'SLA-ICT' }) });
    expect(reasons(bySla, 'contracts.recharge')[0].message).toBe('Recharge covered by the SLA SLA-ICT: done on 1 March 2018');
  });
  it('is at risk, not ready, while an interim arrangement runs past go-live', () => {
    const interim = contract('council-retains', { 'interim-arrangement-agreed': done('2018-03-01', { endDate: '2018-09-30' }) });
    expect(statuses(interim, 'contracts.recharge', '2018-04-02')).toEqual(['interim']);
  });
});

describe('contracts.assignment — DOMAIN rule 6; Law of Property Act 1925 s.136: the benefit passes, the burden stays with the council', () => {
  const deed = { 'deed-executed': done('2018-02-14'), 'indemnity-given': done('2018-02-14') };
  it('is ready with the deed and the indemnity where the contract does not restrict assignment, without consent', () => {
    const free = contract('assign', deed, { restrictsAssignment: false });
    expect(judged(free).status).toBe('ready');
    expect(statuses(free, 'contracts.assignment')).toEqual(['met', 'met']);
  });
  it('wants the supplier’s consent where the contract restricts assignment, or does not say', () => {
    expect(statuses(contract('assign', deed, { restrictsAssignment: true }), 'contracts.assignment', '2018-04-02')).toEqual(['overdue', 'met', 'met']);
    expect(reasons(contract('assign', deed), 'contracts.assignment')[0].message).toContain('record whether it does');
    expect(judged(contract('assign', { ...deed, 'consent-received': done('2018-01-05') }, { restrictsAssignment: true })).status).toBe('ready');
  });
  it('is not ready without the trust’s indemnity, and says plainly that the council keeps its obligations to the supplier', () => {
    const unindemnified = contract('assign', { 'deed-executed': done('2018-02-14') }, { restrictsAssignment: false });
    expect(judged(unindemnified, '2018-04-02').status).toBe('not-ready');
    const [indemnity] = reasons(unindemnified, 'contracts.assignment').filter((r) => r.message.includes('indemnity'));
    expect(indemnity.message).toContain('the council keeps its obligations to the supplier');
    expect(RULES.assignment.sentence).toContain('the council keeps its obligations to the supplier');
    expect(RULES.assignment.source).toContain('Law of Property Act 1925 s.136');
  });
});

describe('contracts.novation — DOMAIN rule 6: a deed signed by council, trust and supplier', () => {
  const consent = { 'consent-received': done('2017-11-20') };
  const signedBy = (...parties: ('council' | 'trust' | 'supplier')[]) => Object.fromEntries(parties.map((p, i) => [`deed-signed-by-${p}`, done(`2018-03-0${i + 1}`)]));
  it('is not ready with two of three signatures after go-live, and names who has not signed', () => {
    const two = contract('novate', { ...consent, ...signedBy('council', 'trust') });
    expect(judged(two, '2018-04-02').status).toBe('not-ready');
    expect(reasons(two, 'contracts.novation', '2018-04-02')[1].message).toBe(
      'Deed of novation signed by all three parties (signed by the council on 1 March 2018 and the trust on 2 March 2018; awaiting the supplier): due by 1 April 2018, not done',
    );
  });
  it('is ready once all three have signed by go-live, dated by the last signature', () => {
    const all = contract('novate', { ...consent, ...signedBy('council', 'trust', 'supplier') });
    expect(judged(all).status).toBe('ready');
    expect(reasons(all, 'contracts.novation')[1].message).toBe('Deed of novation signed by the council, the trust and the supplier: done on 3 March 2018');
  });
  it('is late when the last party signs after go-live', () => {
    const late = contract('novate', { ...consent, ...signedBy('council', 'trust'), 'deed-signed-by-supplier': done('2018-06-30') });
    expect(statuses(late, 'contracts.novation', '2018-07-01')).toEqual(['met', 'late']);
  });
  it('reads a stored ContractDeedExecuted on a novation as signed by all three that day', () => {
    const legacy = contract('novate', { ...consent, 'deed-executed': done('2018-02-01') });
    expect(judged(legacy).status).toBe('ready');
    expect(reasons(legacy, 'contracts.novation')[1].message).toBe('Deed of novation signed by the council, the trust and the supplier: done on 1 February 2018');
  });
  it('is not ready without the supplier’s consent', () => {
    expect(statuses(contract('novate'), 'contracts.novation', '2018-04-02')).toEqual(['overdue', 'overdue']);
  });
});

describe(`contracts.expiry — DOMAIN rule 6: a contract expiring before go-live needs a decision; within ${POLICY.contractExpiryWatchMonths} months after (policy) it is at risk`, () => {
  const novated = { 'consent-received': done('2017-09-01'), 'deed-executed': done('2017-10-01') };
  const expiring = (steps: ItemFacts['steps'] = {}, expiryDate = '2018-01-31') => contract('novate', { ...novated, ...steps }, { expiryDate });
  it('is due until the expiry date and overdue from it, whatever the route says: an expired contract is not novated to ready', () => {
    expect(statuses(expiring(), 'contracts.expiry', '2018-01-30')).toEqual(['due']);
    expect(judged(expiring(), '2018-01-30').status).toBe('at-risk');
    expect(statuses(expiring(), 'contracts.expiry', '2018-01-31')).toEqual(['overdue']);
    expect(judged(expiring(), '2018-01-31').status).toBe('not-ready');
    expect(reasons(expiring(), 'contracts.expiry', '2018-01-31')[0].message).toBe(
      'Decision on the contract expiring on 31 January 2018, before go-live (extend, re-procure or let it lapse): due by 30 January 2018, not done',
    );
  });
  it('is met by a decision to extend beyond the window, recorded before expiry', () => {
    const extended = expiring({ 'expiry-decided': done('2017-12-01', { decision: 'extend', newExpiryDate: '2019-03-31' }) });
    expect(statuses(extended, 'contracts.expiry', '2018-02-15')).toEqual(['met']);
    expect(judged(extended, '2018-02-15').status).toBe('ready');
  });
  it('asks what a decision to re-procure or let lapse asks, instead of the route', () => {
    const reprocured = expiring({ 'expiry-decided': done('2017-12-01', { decision: 're-procure' }) });
    expect(statuses(reprocured, 'contracts.replacement', '2018-02-15')).toEqual(['due']);
    expect(statuses(reprocured, 'contracts.novation', '2018-02-15')).toEqual([]);
    const lapsed = expiring({ 'expiry-decided': done('2017-12-01', { decision: 'let-lapse' }), 'service-cover-confirmed': done('2017-12-01', { cover: 'not-needed-from-day-one' }) });
    expect(statuses(lapsed, 'contracts.termination', '2018-02-15')).toEqual(['met']);
    expect(judged(lapsed, '2018-02-15').status).toBe('ready');
  });
  it('still asks the route of a contract that expires after go-live, whatever is decided for its expiry', () => {
    const later = expiring({ 'expiry-decided': done('2018-01-10', { decision: 're-procure' }) }, '2018-08-31');
    expect(statuses(later, 'contracts.novation')).toEqual(['met', 'met']);
    expect(statuses(later, 'contracts.replacement')).toEqual([]);
    expect(statuses(later, 'contracts.expiry')).toEqual(['met']);
  });
  it('puts a contract expiring within the window after go-live at risk, saying when it expires; beyond the window it is silent', () => {
    const soon = expiring({}, '2018-08-31');
    expect(reasons(soon, 'contracts.expiry')[0]).toMatchObject({ status: 'due', message: expect.stringContaining('expiring on 31 August 2018, within 6 months after go-live') });
    expect(judged(soon).status).toBe('at-risk');
    expect(statuses(expiring({}, '2018-10-02'), 'contracts.expiry')).toEqual([]);
    expect(judged(expiring({}, '2018-10-02')).status).toBe('ready');
    expect(judged(expiring({ 'expiry-decided': done('2018-01-10', { decision: 'extend', newExpiryDate: '2019-08-31' }) }, '2018-08-31')).status).toBe('ready');
  });
  it('keeps an extension that still ends within the window at risk', () => {
    const short = expiring({ 'expiry-decided': done('2017-12-01', { decision: 'extend', newExpiryDate: '2018-06-30' }) });
    expect(statuses(short, 'contracts.expiry', '2018-02-15')).toEqual(['met', 'due']);
    expect(judged(short, '2018-02-15').status).toBe('at-risk');
  });
});
