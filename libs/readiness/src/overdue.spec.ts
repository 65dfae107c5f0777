import { FindingFacts, ProgrammeSnapshot, assessReadiness, isFindingOverdue } from './readiness';

/*
 * A finding is overdue from the day after its due date while it still counts. The blockers use
 * the same test as every page, so a board pack cannot count "0 overdue" beside findings it tags
 * Overdue (Northshire-like dates: go-live 1 April 2027, judged on 20 January 2027).
 */
const TODAY = '2027-01-20';
const critical = (dueDate: string, status: FindingFacts['status'] = 'open', riskAcceptance?: { expiresOn: string }): FindingFacts => ({
  findingId: 'f-1',
  title: 'Payroll cut-over untested',
  target: { kind: 'area', area: 'staff' },
  severity: 'critical',
  status,
  dueDate,
  ...(riskAcceptance ? { riskAcceptance } : {}),
});
const blockersOf = (finding: FindingFacts) => {
  const snapshot: ProgrammeSnapshot = { today: TODAY, goLiveDate: '2027-04-01', items: [], findings: [finding], buyBack: new Map(), envelopes: new Map() };
  return assessReadiness(snapshot).blockers.filter((b) => b.findingId === 'f-1');
};

describe('a finding is overdue', () => {
  it('from the day after its due date, not on it', () => {
    expect(isFindingOverdue(critical('2027-01-19'), TODAY)).toBe(true);
    expect(isFindingOverdue(critical('2027-01-20'), TODAY)).toBe(false);
  });

  it('while it is open or mitigated, not once resolved or closed', () => {
    expect(isFindingOverdue(critical('2027-01-10', 'mitigated'), TODAY)).toBe(true);
    expect(isFindingOverdue(critical('2027-01-10', 'resolved'), TODAY)).toBe(false);
    expect(isFindingOverdue(critical('2027-01-10', 'closed'), TODAY)).toBe(false);
  });

  it('again once an accepted risk has lapsed, not while the acceptance lasts', () => {
    expect(isFindingOverdue(critical('2027-01-10', 'risk-accepted', { expiresOn: '2027-01-15' }), TODAY)).toBe(true);
    expect(isFindingOverdue(critical('2027-01-10', 'risk-accepted', { expiresOn: '2027-02-15' }), TODAY)).toBe(false);
  });

  it('and its blocker says so by the same test: a critical finding due later blocks without being overdue', () => {
    expect(blockersOf(critical('2027-02-01')).map((b) => b.overdue)).toEqual([false]);
    expect(blockersOf(critical('2027-01-05')).map((b) => b.overdue)).toEqual([true]);
  });
});
