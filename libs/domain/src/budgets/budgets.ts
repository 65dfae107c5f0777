import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { InvalidCommandError, NotFoundError } from '../errors';
import { ProgrammeFacts, assertProgrammeOpen } from '../programmes/programme-facts';

export const COST_CATEGORIES = ['staffing', 'premises', 'ict', 'support-services', 'transport', 'commissioned-services', 'overheads', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** Financial years run April to March and are written 2027-28. */
const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/;
export function isFinancialYear(value: string): boolean {
  const match = FINANCIAL_YEAR.exec(value);
  return match !== null && (Number(match[1]) + 1) % 100 === Number(match[2]);
}

/** A line of the trust's cost model, known by the reference the cost model gives it. */
export interface CostModelLine {
  readonly reference: string;
  readonly financialYear: string;
  readonly category: CostCategory;
  readonly description: string;
  readonly amount: number;
}

type BudgetCommandOf<Type extends string, Data> = Command<Type, Data> & { readonly programme: ProgrammeFacts };
/** The buy-back budget for one SLA in one year; `sla` says whether that SLA exists in the programme. */
export type SetBuyBackBudget = BudgetCommandOf<
  'SetBuyBackBudget',
  { readonly slaItemId: string; readonly slaFound: boolean; readonly financialYear: string; readonly amount: number }
>;
/** The trust's approved budget envelope for a year: what the buy-back total must fit in. */
export type SetBudgetEnvelope = BudgetCommandOf<'SetBudgetEnvelope', { readonly financialYear: string; readonly amount: number }>;
export type RecordCostModelLine = BudgetCommandOf<
  'RecordCostModelLine',
  CostModelLine & { readonly lineId: string }
>;
export type BudgetCommand = SetBuyBackBudget | SetBudgetEnvelope | RecordCostModelLine;

export type BuyBackBudgetSet = DomainEvent<
  'BuyBackBudgetSet',
  { readonly programmeId: string; readonly slaItemId: string; readonly financialYear: string; readonly amount: number; readonly previousAmount?: number }
>;
export type BudgetEnvelopeSet = DomainEvent<
  'BudgetEnvelopeSet',
  { readonly programmeId: string; readonly financialYear: string; readonly amount: number; readonly previousAmount?: number }
>;
export type CostModelLineRecorded = DomainEvent<'CostModelLineRecorded', CostModelLine & { readonly programmeId: string; readonly lineId: string }>;
export type BudgetEvent = BuyBackBudgetSet | BudgetEnvelopeSet | CostModelLineRecorded;

export interface Budgets {
  /** Keyed `${slaItemId}/${financialYear}`. */
  readonly buyBack: ReadonlyMap<string, number>;
  readonly envelopes: ReadonlyMap<string, number>;
  readonly costModelLines: ReadonlyMap<string, CostModelLine>;
}

const buyBackKey = (slaItemId: string, financialYear: string) => `${slaItemId}/${financialYear}`;

export const budgetsDecider: Decider<Budgets, BudgetCommand, BudgetEvent> = upcasting<Budgets, BudgetCommand, BudgetEvent>({
  initialState: () => ({ buyBack: new Map(), envelopes: new Map(), costModelLines: new Map() }),

  decide(command, state) {
    assertProgrammeOpen(command.programme);
    const programmeId = command.programme.programmeId;
    if (!isFinancialYear(command.data.financialYear)) {
      throw new InvalidCommandError([{ field: 'financialYear', problem: 'must be a financial year written like 2027-28' }]);
    }
    switch (command.type) {
      case 'SetBuyBackBudget': {
        const { slaItemId, slaFound, financialYear, amount } = command.data;
        if (!slaFound) throw new NotFoundError('service level agreement', slaItemId);
        const previousAmount = state.buyBack.get(buyBackKey(slaItemId, financialYear));
        if (previousAmount === amount) return [];
        return [{ type: 'BuyBackBudgetSet', data: { programmeId, slaItemId, financialYear, amount, ...(previousAmount === undefined ? {} : { previousAmount }) } }];
      }
      case 'SetBudgetEnvelope': {
        const { financialYear, amount } = command.data;
        const previousAmount = state.envelopes.get(financialYear);
        if (previousAmount === amount) return [];
        return [{ type: 'BudgetEnvelopeSet', data: { programmeId, financialYear, amount, ...(previousAmount === undefined ? {} : { previousAmount }) } }];
      }
      case 'RecordCostModelLine': {
        const { lineId, ...line } = command.data;
        const previous = state.costModelLines.get(lineId);
        const unchanged = previous !== undefined && (Object.keys(line) as (keyof CostModelLine)[]).every((field) => previous[field] === line[field]);
        if (unchanged) return [];
        return [{ type: 'CostModelLineRecorded', data: { programmeId, lineId, ...line } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'BuyBackBudgetSet':
        return { ...state, buyBack: new Map(state.buyBack).set(buyBackKey(event.data.slaItemId, event.data.financialYear), event.data.amount) };
      case 'BudgetEnvelopeSet':
        return { ...state, envelopes: new Map(state.envelopes).set(event.data.financialYear, event.data.amount) };
      case 'CostModelLineRecorded': {
        const { lineId, reference, financialYear, category, description, amount } = event.data;
        return { ...state, costModelLines: new Map(state.costModelLines).set(lineId, { reference, financialYear, category, description, amount }) };
      }
      default:
        return assertNever(event);
    }
  },

  schemaVersions: { BuyBackBudgetSet: 1, BudgetEnvelopeSet: 1, CostModelLineRecorded: 1 },
});
