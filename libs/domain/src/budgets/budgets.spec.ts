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

  it('sets the approved envelope and records cost-model lines, in pence', () => {
    const envelope: BudgetCommand = { type: 'SetBudgetEnvelope', data: { financialYear: '2027-28', amount: 2_400_000 }, programme, metadata };
    expect(given().when(envelope)()).toEqual([{ type: 'BudgetEnvelopeSet', data: { programmeId: 'p-1', financialYear: '2027-28', amount: 2_400_000 } }]);
    const line: BudgetCommand = {
      type: 'RecordCostModelLine',
      data: { lineId: 'l-1', reference: 'CM-01', financialYear: '2027-28', category: 'staff', description: 'Social workers', amountPence: 900_000_000 },
      programme,
      metadata,
    };
    const [recorded] = given().when(line)();
    expect(recorded).toEqual({ type: 'CostModelLineRecorded', data: { programmeId: 'p-1', lineId: 'l-1', reference: 'CM-01', financialYear: '2027-28', category: 'staff', description: 'Social workers', amountPence: 900_000_000 } });
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

describe('the money', () => {
  // Northshire-like: go-live 1 April 2027, so year one is 2027-28 and the baseline 2024-25 to 2026-27.
  const command = (type: string, data: object): BudgetCommand => ({ type, data, programme, metadata }) as BudgetCommand;
  const line = (data: object = {}) => command('RecordCostModelLine', { lineId: 'l-1', reference: 'CM-01', financialYear: '2027-28', category: 'staff', description: 'Social workers', amountPence: 185_000_000, ...data });
  const refusedFields = (when: () => unknown) => {
    try {
      when();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidCommandError);
      return (error as InvalidCommandError).problems.map((p) => p.field);
    }
    throw new Error('not refused');
  };

  it('refuses a negative amount, an unknown category and a year outside the cost model’s, naming each field', () => {
    expect(refusedFields(given().when(line({ amountPence: -1 })))).toEqual(['amount']);
    expect(refusedFields(given().when(line({ category: 'staffing' })))).toEqual(['category']);
    expect(refusedFields(given().when(line({ financialYear: '2026-27' })))).toEqual(['financialYear']);
    expect(refusedFields(given().when(line({ financialYear: '2032-33' })))).toEqual(['financialYear']);
    expect(given().when(line({ financialYear: '2031-32' }))()).toHaveLength(1);
    // Income and the contract sum are positive amounts in their own categories.
    expect(given().when(line({ category: 'contract-sum', amountPence: 2_000_000_00 }))()).toHaveLength(1);
  });

  it('keeps baseline lines to the council’s years before go-live, with their cost centre', () => {
    const baseline = (data: object = {}) => command('RecordBaselineLine', { lineId: 'b-1', reference: 'BL-1', financialYear: '2026-27', costCentre: 'C1234 Fostering', category: 'placements', description: 'Allowances', amountPence: 240_000_000, ...data });
    expect(given().when(baseline())()).toHaveLength(1);
    expect(refusedFields(given().when(baseline({ financialYear: '2027-28' })))).toEqual(['financialYear']);
    expect(refusedFields(given().when(baseline({ costCentre: ' ' })))).toEqual(['costCentre']);
  });

  it('the board agrees the model as it stands, a new version each time it changes, accepting a deficit only for a year it has', () => {
    const [recorded] = given().when(line())();
    const agree = (deficitsAccepted: Record<string, string> = {}) => command('AgreeCostModel', { agreedBy: 'Shadow Trust Board', deficitsAccepted });
    expect(() => given().when(agree())()).toThrow(IllegalStateError);
    const [agreed] = given(recorded).when(agree({ '2027-28': 'Met from reserves' }))();
    expect(agreed).toMatchObject({ type: 'CostModelAgreed', data: { version: 1, agreedOn: '2026-11-22', agreedBy: 'Shadow Trust Board', lines: { 'l-1': { financialYear: '2027-28', category: 'staff', amountPence: 185_000_000 } }, deficitsAccepted: { '2027-28': 'Met from reserves' } } });
    expect(given(recorded, agreed).when(agree({ '2027-28': 'Met from reserves' }))()).toEqual([]);
    expect(refusedFields(given(recorded).when(agree({ '2029-30': 'x' })))).toEqual(['deficitsAccepted.2029-30']);
    const [changed] = given(recorded, agreed).when(line({ amountPence: 190_000_000 }))();
    expect(given(recorded, agreed, changed).when(agree())()).toMatchObject([{ data: { version: 2 } }]);
  });

  it('reads the first cost-model lines (pounds, the first categories) as today’s', () => {
    const first = { type: 'CostModelLineRecorded', schemaVersion: 1, data: { programmeId: 'p-1', lineId: 'l-1', reference: 'CM-01', financialYear: '2027-28', category: 'staffing', description: 'Social workers', amount: 9000.5 } } as unknown as BudgetEvent;
    const state = [first].reduce(budgetsDecider.evolve, budgetsDecider.initialState());
    expect(state.money.costModel['l-1']).toEqual({ reference: 'CM-01', financialYear: '2027-28', category: 'staff', description: 'Social workers', amountPence: 900_050 });
  });

  it('folds a history whole to exactly what evolve gives one event at a time, the first lines upcast alike', () => {
    const history = [
      { type: 'CostModelLineRecorded', schemaVersion: 1, data: { programmeId: 'p-1', lineId: 'l-0', reference: 'CM-0', financialYear: '2027-28', category: 'ict', description: 'd', amount: 10 } },
      { type: 'CostModelLineRecorded', schemaVersion: 2, data: { programmeId: 'p-1', lineId: 'l-1', reference: 'CM-1', financialYear: '2027-28', category: 'staff', description: 'd', amountPence: 5 } },
      { type: 'BaselineLineRecorded', data: { programmeId: 'p-1', lineId: 'b-1', reference: 'BL-1', financialYear: '2026-27', costCentre: 'C1', category: 'staff', description: 'd', amountPence: 7 } },
      { type: 'BuyBackBudgetSet', data: { programmeId: 'p-1', slaItemId: 's', financialYear: '2027-28', amount: 3, belowPriceReason: 'part year' } },
      { type: 'BuyBackBudgetSet', data: { programmeId: 'p-1', slaItemId: 's', financialYear: '2027-28', amount: 4 } },
      { type: 'BudgetEnvelopeSet', data: { programmeId: 'p-1', financialYear: '2027-28', amount: 9 } },
      { type: 'CostModelAgreed', data: { programmeId: 'p-1', version: 1, agreedOn: '2026-11-22', agreedBy: 'Board', lines: {}, deficitsAccepted: {} } },
      { type: 'CostModelLineRemoved', data: { programmeId: 'p-1', lineId: 'l-0', reference: 'CM-0', reason: 'r' } },
      { type: 'WorkingCapitalFacilitySet', data: { programmeId: 'p-1', amountPence: 1, lender: 'l', drawdown: 'd', repaymentTerms: 'r' } },
      { type: 'ContractPaymentProfileSet', data: { programmeId: 'p-1', timing: 'monthly-in-advance' } },
    ] as unknown as BudgetEvent[];
    for (let n = 0; n <= history.length; n++) {
      const events = history.slice(0, n);
      expect(budgetsDecider.foldAll!(events)).toEqual(events.reduce(budgetsDecider.evolve, budgetsDecider.initialState()));
    }
    expect(budgetsDecider.foldAll!(history).money).toMatchObject({ costModel: { 'l-1': { amountPence: 5 } }, belowPriceReasons: {}, paymentTiming: 'monthly-in-advance' });
  });

  it('sets the facility and the payment profile, refusing what is missing or unknown', () => {
    const facility = { amountPence: 150_000_000, lender: 'Northshire County Council', drawdown: 'On notice', repaymentTerms: 'Within 30 days of the final contract payment' };
    expect(given().when(command('SetWorkingCapitalFacility', facility))()).toHaveLength(1);
    expect(refusedFields(given().when(command('SetWorkingCapitalFacility', { ...facility, amountPence: 0, lender: '' })))).toEqual(['amount', 'lender']);
    expect(given().when(command('SetContractPaymentProfile', { timing: 'monthly-in-advance' }))()).toHaveLength(1);
    expect(refusedFields(given().when(command('SetContractPaymentProfile', { timing: 'weekly' })))).toEqual(['timing']);
  });
});
