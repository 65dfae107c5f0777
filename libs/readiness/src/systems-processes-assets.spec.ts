import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';
import { RULES } from './rules';

/** The rules of the registers whose law is plain practice (DOMAIN.md): each decided both ways, on real-looking dates. */
const GO_LIVE = '2018-04-01';
const snapshot = (item: ItemFacts, today: string): ProgrammeSnapshot => ({ today, goLiveDate: GO_LIVE, items: [item], findings: [], buyBack: new Map(), envelopes: new Map() });
const statusOf = (item: ItemFacts, today: string, ruleId: string) =>
  assessReadiness(snapshot(item, today)).items[0].reasons.filter((r) => r.ruleId === ruleId).map((r) => r.status);
const done = (on: string, fields: Record<string, unknown> = {}) => ({ on, ...fields });
const system = (steps: ItemFacts['steps'], details: Record<string, unknown> = { migrationNeeded: false }): ItemFacts => ({ itemId: 's', kind: 'system', reference: 'SYS-1', details, steps });

describe.each([
  ['systems.sourcing', system({}), system({ 'sourcing-option-chosen': done('2017-02-06', { option: 'transfer' }) })],
  ['systems.access', system({}), system({ 'access-confirmed': done('2018-02-05') })],
  [
    'systems.data-sharing',
    system({ 'sourcing-option-chosen': done('2016-11-14', { option: 'council-hosted-sla' }) }),
    system({ 'sourcing-option-chosen': done('2016-11-14', { option: 'council-hosted-sla' }), 'data-sharing-agreement-signed': done('2017-12-04') }),
  ],
  ['systems.migration', system({}, { migrationNeeded: true }), system({ 'migration-tested': done('2017-09-18') }, { migrationNeeded: true })],
  ['processes.owner', { itemId: 'p', kind: 'process', reference: 'PRO-1', details: {}, steps: {} }, { itemId: 'p', kind: 'process', reference: 'PRO-1', details: {}, steps: { 'owner-named': done('2017-05-08', { owner: 'Head of finance' }) } }],
  [
    'processes.walk-through',
    { itemId: 'p', kind: 'process', reference: 'PRO-1', details: {}, steps: { 'owner-named': done('2017-05-08', { owner: 'Head of finance' }) } },
    { itemId: 'p', kind: 'process', reference: 'PRO-1', details: {}, steps: { 'owner-named': done('2017-05-08', { owner: 'x' }), 'walked-through': done('2018-02-19') } },
  ],
  [
    'assets.transfer',
    { itemId: 'a', kind: 'asset', reference: 'AST-1', details: {}, steps: { 'transfer-mechanism-chosen': done('2017-03-20', { mechanism: 'lease' }) } },
    { itemId: 'a', kind: 'asset', reference: 'AST-1', details: {}, steps: { 'transfer-mechanism-chosen': done('2017-03-20', { mechanism: 'lease' }), 'instrument-completed': done('2018-03-19') } },
  ],
] as [string, ItemFacts, ItemFacts][])('%s', (ruleId, missing, met) => {
  const source = Object.values(RULES).find((rule) => rule.id === ruleId)!.source;

  it(`(${source}) is due before go-live and overdue after it while missing`, () => {
    expect(statusOf(missing, '2018-01-08', ruleId)).toContain('due');
    expect(statusOf(missing, '2018-04-02', ruleId)).toContain('overdue');
    expect(assessReadiness(snapshot(missing, '2018-01-08')).items[0].status).not.toBe('ready');
  });

  it(`(${source}) is met once done by go-live, and late when done after it`, () => {
    expect(statusOf(met, '2018-03-31', ruleId)).not.toContain('due');
    expect(statusOf(met, '2018-03-31', ruleId)).toContain('met');
    const lateOn = Object.fromEntries(Object.entries(met.steps).map(([step, record]) => [step, { ...record!, on: '2018-04-10' }]));
    expect(statusOf({ ...met, steps: lateOn }, '2018-04-12', ruleId)).toContain('late');
  });
});
