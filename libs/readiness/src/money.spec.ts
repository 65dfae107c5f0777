import { CostModelLine, Money, NO_MONEY, agreedLinesOf } from '@tracker/domain';
import { moneyPictureOf } from './money';
import { ItemFacts, ProgrammeSnapshot, assessReadiness } from './readiness';

// Go-live 1 October 2027: year one is 2027-28, half of it after go-live; the baseline 2024-25 to 2026-27.
const GO_LIVE = '2027-10-01';
const line = (reference: string, category: CostModelLine['category'], pounds: number, financialYear = '2027-28'): [string, CostModelLine] => [
  `l-${reference}`,
  { reference, financialYear, category, description: reference, amountPence: pounds * 100 },
];
const moneyOf = (lines: [string, CostModelLine][], more: Partial<Money> = {}): Money => ({ ...NO_MONEY, costModel: Object.fromEntries(lines), ...more });
const agreed = (money: Money, deficitsAccepted: Record<string, string> = {}): Money => ({
  ...money,
  agreements: [{ version: 1, agreedOn: '2027-06-10', agreedBy: 'Shadow Trust Board', lines: agreedLinesOf(money.costModel), deficitsAccepted }],
});
const snapshot = (money: Money, more: Partial<ProgrammeSnapshot> = {}): ProgrammeSnapshot => ({ today: '2027-07-01', goLiveDate: GO_LIVE, items: [], findings: [], buyBack: new Map(), envelopes: new Map(), money, ...more });
const reasons = (s: ProgrammeSnapshot, ruleId: string) => {
  const judged = assessReadiness(s);
  const blockers = judged.blockers.filter((b) => b.ruleId === ruleId);
  return { blocked: blockers.length > 0, messages: blockers.map((b) => b.message) };
};

const balanced = moneyOf([line('STAFF', 'staff', 1_200_000), line('SUM', 'contract-sum', 1_000_000), line('FEES', 'income', 200_000)], { paymentTiming: 'monthly-in-advance' });

describe('budgets.cost-model-agreed — due-diligence scope: a cost model for the trust’s initial and subsequent years', () => {
  it('is due by go-live with no cost model, and with one the board has not agreed', () => {
    expect(reasons(snapshot(NO_MONEY), 'budgets.cost-model-agreed').messages).toEqual(['Cost model for 2027-28 agreed by the board (no lines recorded yet): due by 1 October 2027']);
    expect(reasons(snapshot(balanced), 'budgets.cost-model-agreed').blocked).toBe(true);
    expect(reasons(snapshot(balanced, { today: '2027-10-02' }), 'budgets.cost-model-agreed').messages[0]).toMatch(/not done$/);
  });

  it('is met once agreed as it stands, and due again when a year-one line changes after', () => {
    const model = agreed(balanced);
    expect(reasons(snapshot(model), 'budgets.cost-model-agreed').blocked).toBe(false);
    const changed = { ...model, costModel: { ...model.costModel, 'l-STAFF': { ...model.costModel['l-STAFF'], amountPence: 130_000_000 } } };
    expect(reasons(snapshot(changed), 'budgets.cost-model-agreed').messages).toEqual(['Cost model for 2027-28 agreed again: changed since version 1 was agreed on 10 June 2027: due by 1 October 2027']);
    // A later year changed does not unsettle year one's agreement.
    const later = { ...model, costModel: { ...model.costModel, ...Object.fromEntries([line('Y2', 'staff', 5, '2028-29')]) } };
    expect(reasons(snapshot(later), 'budgets.cost-model-agreed').blocked).toBe(false);
  });
});

describe('budgets.year-one-balanced — the board owns a deficit', () => {
  const short = moneyOf([line('STAFF', 'staff', 1_200_000), line('SUM', 'contract-sum', 1_100_000)], { paymentTiming: 'monthly-in-advance' });
  it('is due while year one spends more than it receives, naming the gap', () => {
    expect(reasons(snapshot(agreed(short)), 'budgets.year-one-balanced').messages).toEqual([
      'Year one (2027-28) deficit of £100,000 (income £1,100,000, expenditure £1,200,000) closed or accepted by the board: due by 1 October 2027',
    ]);
  });
  it('is met when balanced, or when the board accepted the deficit as it stands', () => {
    expect(reasons(snapshot(agreed(balanced)), 'budgets.year-one-balanced').blocked).toBe(false);
    expect(reasons(snapshot(agreed(short, { '2027-28': 'Met from the council’s transition reserve' })), 'budgets.year-one-balanced').blocked).toBe(false);
    // Accepted, then changed: the acceptance no longer speaks for the model.
    const accepted = agreed(short, { '2027-28': 'Met from reserves' });
    const worse = { ...accepted, costModel: { ...accepted.costModel, 'l-STAFF': { ...accepted.costModel['l-STAFF'], amountPence: 140_000_000 } } };
    expect(reasons(snapshot(worse), 'budgets.year-one-balanced').blocked).toBe(true);
  });
});

describe('budgets.cash-flow — DOMAIN rule 10; cash flow and treasury management', () => {
  it('falls below zero in the first month when the contract sum is paid in arrears, and a facility large enough covers it', () => {
    const arrears = agreed({ ...balanced, paymentTiming: 'monthly-in-arrears' });
    const { cashFlow } = moneyPictureOf({ goLiveDate: GO_LIVE, money: arrears, items: [], buyBack: new Map(), envelopes: new Map() });
    expect(cashFlow!.months[0]).toEqual({ month: '2027-10', receipts: 1_666_667, payments: 10_000_000, closing: -8_333_333 });
    expect(cashFlow).toMatchObject({ lowest: -8_333_333, lowestMonth: '2027-10', timing: 'monthly-in-arrears' });
    expect(reasons(snapshot(arrears), 'budgets.cash-flow').messages).toEqual(['Cash-flow forecast falls £83,333.33 below zero in October 2027 with no working-capital facility: a facility to cover it: due by 1 October 2027']);
    const facility = (pounds: number) => ({ amountPence: pounds * 100, lender: 'Northshire County Council', drawdown: 'On notice', repaymentTerms: 'Within 30 days of the final contract payment' });
    expect(reasons(snapshot({ ...arrears, facility: facility(83_333) }), 'budgets.cash-flow').blocked).toBe(true);
    expect(reasons(snapshot({ ...arrears, facility: facility(83_334) }), 'budgets.cash-flow').blocked).toBe(false);
  });
  it('stays at or above zero paid monthly in advance when balanced', () => {
    expect(reasons(snapshot(agreed(balanced)), 'budgets.cash-flow').blocked).toBe(false);
  });
});

describe('slas.budget-covers-price — the buy-back budget for each service under an SLA', () => {
  const sla: ItemFacts = { itemId: 'sla-1', kind: 'sla', reference: 'SLA-PAY', details: { service: 'payroll', annualPrice: 85000, termMonths: 36 }, steps: {} };
  const judged = (budget: number, belowPriceReasons: Record<string, string> = {}) =>
    assessReadiness(snapshot({ ...agreed(balanced), belowPriceReasons }, { items: [sla], buyBack: new Map([['sla-1/2027-28', budget]]) })).items[0].reasons.filter((r) => r.ruleId === 'slas.budget-covers-price');
  it('is due when a year’s budget is below the price with no reason, and met at the price or with a reason', () => {
    expect(judged(42500)).toEqual([expect.objectContaining({ status: 'due', message: 'Buy-back budget below the annual price, with no reason recorded: 2027-28 (£42,500 against £85,000): due by 1 October 2027' })]);
    expect(judged(85000)).toEqual([expect.objectContaining({ status: 'met' })]);
    expect(judged(42500, { 'sla-1/2027-28': 'Bought back from go-live, half the year' })).toEqual([expect.objectContaining({ status: 'met' })]);
  });
});

describe('the reconciliation', () => {
  it('sets each year’s cost model against the latest baseline year, category by category, with the lines behind the gap', () => {
    const money: Money = {
      ...moneyOf([line('STAFF', 'staff', 1_250_000), line('SUM', 'contract-sum', 1_300_000), line('Y2-STAFF', 'staff', 1_300_000, '2028-29')]),
      baseline: {
        'b-1': { reference: 'BL-1', financialYear: '2026-27', costCentre: 'C1 Fostering', category: 'staff', description: 'Fostering staff', amountPence: 1_150_000_00 },
        'b-0': { reference: 'BL-0', financialYear: '2025-26', costCentre: 'C1 Fostering', category: 'staff', description: 'Fostering staff', amountPence: 1_100_000_00 },
      },
    };
    const picture = moneyPictureOf({ goLiveDate: GO_LIVE, money, items: [], buyBack: new Map(), envelopes: new Map() });
    expect(picture.comparedWith).toBe('2026-27');
    expect(picture.years.map((y) => y.financialYear)).toEqual(['2027-28', '2028-29', '2029-30', '2030-31', '2031-32']);
    const [one, two] = picture.years;
    expect(one).toMatchObject({ expenditure: 125_000_000, income: 130_000_000, contractSum: 130_000_000, surplus: 5_000_000 });
    expect(one.byCategory.find((c) => c.category === 'staff')).toMatchObject({ costModel: 125_000_000, baseline: 115_000_000, gap: 10_000_000, lines: [expect.objectContaining({ reference: 'STAFF' })] });
    expect(two).toMatchObject({ expenditure: 130_000_000, income: 0, surplus: -130_000_000 });
    expect(picture.baseline.map((b) => [b.financialYear, b.expenditure])).toEqual([
      ['2024-25', 0],
      ['2025-26', 110_000_000],
      ['2026-27', 115_000_000],
    ]);
  });
});
