import { northshireLike } from '../programmes/programme-facts.fixture';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { BudgetCommand, BudgetEvent, budgetsDecider, isFinancialYear } from './budgets';
import { specification } from '../testing/specification';

const programme: ProgrammeFacts = northshireLike();
const metadata = { now: '2026-11-22T10:00:00.000Z' };
const buyBack = (amount: number, slaFound = true, financialYear = '2027-28'): BudgetCommand => ({
  type: 'SetBuyBackBudget',
  data: { slaItemId: 'sla-1', slaFound, financialYear, amount },
  programme,
  metadata,
});
const { given } = specification(budgetsDecider);
const set85k: BudgetEvent = { type: 'BuyBackBudgetSet', data: { programmeId: 'p-1', slaItemId: 'sla-1', financialYear: '2027-28', amount: 85000 } };

describe('budgets', () => {
  it('sets a buy-back budget for an SLA and year, and records the previous amount when it changes', () => {
    expect(given().when(buyBack(85000))()).toEqual([set85k]);
    expect(given(set85k).when(buyBack(90000))()).toEqual([
      { type: 'BuyBackBudgetSet', data: { programmeId: 'p-1', slaItemId: 'sla-1', financialYear: '2027-28', amount: 90000, previousAmount: 85000 } },
    ]);
  });

  it('records nothing when the amount is unchanged', () => {
    expect(given(set85k).when(buyBack(85000))()).toEqual([]);
  });

  it('refuses an SLA that is not in the programme, and a malformed financial year', () => {
    expect(given().when(buyBack(1, false))).toThrow(new NotFoundError('service level agreement', 'sla-1'));
    expect(given().when(buyBack(1, true, '2027-29'))).toThrow(InvalidCommandError);
  });

  it('sets the approved envelope and records cost-model lines', () => {
    const envelope: BudgetCommand = { type: 'SetBudgetEnvelope', data: { financialYear: '2027-28', amount: 2_400_000 }, programme, metadata };
    expect(given().when(envelope)()).toEqual([{ type: 'BudgetEnvelopeSet', data: { programmeId: 'p-1', financialYear: '2027-28', amount: 2_400_000 } }]);
    const line: BudgetCommand = {
      type: 'RecordCostModelLine',
      data: { lineId: 'l-1', reference: 'CM-01', financialYear: '2027-28', category: 'staffing', description: 'Social workers', amount: 9_000_000 },
      programme,
      metadata,
    };
    const [recorded] = given().when(line)();
    expect(recorded).toEqual({ type: 'CostModelLineRecorded', data: { programmeId: 'p-1', lineId: 'l-1', reference: 'CM-01', financialYear: '2027-28', category: 'staffing', description: 'Social workers', amount: 9_000_000 } });
    expect(given(recorded).when(line)()).toEqual([]);
    const described = { ...line, data: { ...line.data, description: 'Qualified social workers' } } as BudgetCommand;
    expect(given(recorded).when(described)()).toHaveLength(1);
  });

  it('is still set once the programme has gone live, and refused once it is closed', () => {
    const live = { ...buyBack(1), programme: { ...programme, status: 'live' as const } };
    expect(given().when(live)()).toHaveLength(1);
    const closed = { ...buyBack(1), programme: { ...programme, status: 'closed' as const } };
    expect(given().when(closed)).toThrow(IllegalStateError);
  });

  it('knows a financial year when it sees one', () => {
    expect(['2027-28', '1999-00'].map(isFinancialYear)).toEqual([true, true]);
    expect(['2027-2028', '2027-29', '27-28'].map(isFinancialYear)).toEqual([false, false, false]);
  });
});
