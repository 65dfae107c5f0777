import { assertNever, Command, Decider, DomainEvent, upcast, upcasting } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ukDateOf as ukDay } from '../calendar';
import { ProgrammeFacts, assertProgrammeOpen } from '../programmes/programme-facts';
import {
  BaselineLine,
  CostModelLine,
  FIRST_COST_CATEGORIES,
  Money,
  NO_MONEY,
  PAYMENT_TIMINGS,
  PaymentTiming,
  WorkingCapitalFacility,
  agreedLinesOf,
  baselineYearsOf,
  costModelYearsOf,
  isMoneyCategory,
} from './money';

/** Financial years run April to March and are written 2027-28. */
const FINANCIAL_YEAR = /^(\d{4})-(\d{2})$/;
export function isFinancialYear(value: string): boolean {
  const match = FINANCIAL_YEAR.exec(value);
  return match !== null && (Number(match[1]) + 1) % 100 === Number(match[2]);
}

type BudgetCommandOf<Type extends string, Data> = Command<Type, Data> & { readonly programme: ProgrammeFacts };
/** The buy-back budget for one SLA in one year; `slaFound` says whether that SLA exists in the programme. */
export type SetBuyBackBudget = BudgetCommandOf<
  'SetBuyBackBudget',
  { readonly slaItemId: string; readonly slaFound: boolean; readonly financialYear: string; readonly amount: number; readonly belowPriceReason?: string }
>;
/** The trust's approved budget envelope for a year: what the buy-back total must fit in. */
export type SetBudgetEnvelope = BudgetCommandOf<'SetBudgetEnvelope', { readonly financialYear: string; readonly amount: number }>;
export type RecordCostModelLine = BudgetCommandOf<'RecordCostModelLine', CostModelLine & { readonly lineId: string }>;
export type RemoveCostModelLine = BudgetCommandOf<'RemoveCostModelLine', { readonly lineId: string; readonly reason: string }>;
export type RecordBaselineLine = BudgetCommandOf<'RecordBaselineLine', BaselineLine & { readonly lineId: string }>;
export type RemoveBaselineLine = BudgetCommandOf<'RemoveBaselineLine', { readonly lineId: string; readonly reason: string }>;
/** The board agrees the cost model as it stands (a new version), accepting any deficit it names with a reason. */
export type AgreeCostModel = BudgetCommandOf<'AgreeCostModel', { readonly agreedBy: string; readonly deficitsAccepted: Readonly<Record<string, string>> }>;
export type SetWorkingCapitalFacility = BudgetCommandOf<'SetWorkingCapitalFacility', WorkingCapitalFacility>;
export type SetContractPaymentProfile = BudgetCommandOf<'SetContractPaymentProfile', { readonly timing: PaymentTiming }>;
/** A line of either kind, as a spreadsheet row brings it. */
export type MoneyLineRow = (({ readonly kind: 'cost-model' } & CostModelLine) | ({ readonly kind: 'baseline' } & BaselineLine)) & { readonly lineId: string };
/** Lines of the baseline and the cost model from a spreadsheet, all recorded or none: each new or changed one records an event. */
export type ImportMoneyLines = BudgetCommandOf<'ImportMoneyLines', { readonly lines: readonly MoneyLineRow[] }>;
export type BudgetCommand =
  | SetBuyBackBudget
  | SetBudgetEnvelope
  | RecordCostModelLine
  | RemoveCostModelLine
  | RecordBaselineLine
  | RemoveBaselineLine
  | AgreeCostModel
  | SetWorkingCapitalFacility
  | SetContractPaymentProfile
  | ImportMoneyLines;

export type BuyBackBudgetSet = DomainEvent<
  'BuyBackBudgetSet',
  { readonly programmeId: string; readonly slaItemId: string; readonly financialYear: string; readonly amount: number; readonly previousAmount?: number; readonly belowPriceReason?: string }
>;
export type BudgetEnvelopeSet = DomainEvent<
  'BudgetEnvelopeSet',
  { readonly programmeId: string; readonly financialYear: string; readonly amount: number; readonly previousAmount?: number }
>;
/** Version 2: pence, today's categories, with the assumption and notes (version 1 was pounds in the first categories). */
export type CostModelLineRecorded = DomainEvent<'CostModelLineRecorded', CostModelLine & { readonly programmeId: string; readonly lineId: string }>;
export type CostModelLineRemoved = DomainEvent<'CostModelLineRemoved', { readonly programmeId: string; readonly lineId: string; readonly reference: string; readonly reason: string }>;
export type BaselineLineRecorded = DomainEvent<'BaselineLineRecorded', BaselineLine & { readonly programmeId: string; readonly lineId: string }>;
export type BaselineLineRemoved = DomainEvent<'BaselineLineRemoved', { readonly programmeId: string; readonly lineId: string; readonly reference: string; readonly reason: string }>;
export type CostModelAgreed = DomainEvent<
  'CostModelAgreed',
  { readonly programmeId: string; readonly version: number; readonly agreedOn: string; readonly agreedBy: string; readonly lines: Money['agreements'][number]['lines']; readonly deficitsAccepted: Readonly<Record<string, string>> }
>;
export type WorkingCapitalFacilitySet = DomainEvent<'WorkingCapitalFacilitySet', WorkingCapitalFacility & { readonly programmeId: string }>;
export type ContractPaymentProfileSet = DomainEvent<'ContractPaymentProfileSet', { readonly programmeId: string; readonly timing: PaymentTiming }>;
export type BudgetEvent =
  | BuyBackBudgetSet
  | BudgetEnvelopeSet
  | CostModelLineRecorded
  | CostModelLineRemoved
  | BaselineLineRecorded
  | BaselineLineRemoved
  | CostModelAgreed
  | WorkingCapitalFacilitySet
  | ContractPaymentProfileSet;

export interface Budgets {
  /** Keyed `${slaItemId}/${financialYear}`. */
  readonly buyBack: ReadonlyMap<string, number>;
  readonly envelopes: ReadonlyMap<string, number>;
  readonly money: Money;
}

const buyBackKey = (slaItemId: string, financialYear: string) => `${slaItemId}/${financialYear}`;

export const budgetsDecider: Decider<Budgets, BudgetCommand, BudgetEvent> = upcasting<Budgets, BudgetCommand, BudgetEvent>({
  initialState: () => ({ buyBack: new Map(), envelopes: new Map(), money: NO_MONEY }),

  decide(command, state) {
    assertProgrammeOpen(command.programme);
    const programmeId = command.programme.programmeId;
    if ('financialYear' in command.data && !isFinancialYear(command.data.financialYear)) {
      throw new InvalidCommandError([{ field: 'financialYear', problem: 'must be a financial year written like 2027-28' }]);
    }
    const { money } = state;
    switch (command.type) {
      case 'SetBuyBackBudget': {
        const { slaItemId, slaFound, financialYear, amount } = command.data;
        if (!slaFound) throw new NotFoundError('service level agreement', slaItemId);
        const belowPriceReason = command.data.belowPriceReason?.trim() || undefined;
        const previousAmount = state.buyBack.get(buyBackKey(slaItemId, financialYear));
        if (previousAmount === amount && belowPriceReason === money.belowPriceReasons[buyBackKey(slaItemId, financialYear)]) return [];
        return [{ type: 'BuyBackBudgetSet', data: { programmeId, slaItemId, financialYear, amount, ...(previousAmount === undefined ? {} : { previousAmount }), ...(belowPriceReason ? { belowPriceReason } : {}) } }];
      }
      case 'SetBudgetEnvelope': {
        const { financialYear, amount } = command.data;
        const previousAmount = state.envelopes.get(financialYear);
        if (previousAmount === amount) return [];
        return [{ type: 'BudgetEnvelopeSet', data: { programmeId, financialYear, amount, ...(previousAmount === undefined ? {} : { previousAmount }) } }];
      }
      case 'RecordCostModelLine': {
        const { lineId, ...line } = command.data;
        refuseBadLine(line, costModelYearsOf(command.programme.goLiveDate), 'the cost model');
        const recorded = withoutBlanks(line);
        if (sameJson(money.costModel[lineId], recorded)) return [];
        refuseTooManyLines({ ...money.costModel, [lineId]: recorded }, money.baseline);
        return [{ type: 'CostModelLineRecorded', data: { programmeId, lineId, ...recorded } }];
      }
      case 'RecordBaselineLine': {
        const { lineId, ...line } = command.data;
        refuseBadLine(line, baselineYearsOf(command.programme.goLiveDate), 'the baseline');
        if ((line.costCentre ?? '').trim() === '') throw new InvalidCommandError([{ field: 'costCentre', problem: 'is required: the ledger’s cost centre the line comes from' }]);
        const recorded = withoutBlanks(line);
        if (sameJson(money.baseline[lineId], recorded)) return [];
        refuseTooManyLines(money.costModel, { ...money.baseline, [lineId]: recorded });
        return [{ type: 'BaselineLineRecorded', data: { programmeId, lineId, ...recorded } }];
      }
      case 'ImportMoneyLines': {
        const { lines } = command.data;
        if (lines.length > MONEY_LIMITS.linesPerImport) throw new InvalidCommandError([{ field: 'lines', problem: `must be at most ${MONEY_LIMITS.linesPerImport.toLocaleString('en-GB')} lines in one import` }]);
        const problems: { field: string; problem: string }[] = [];
        const events: BudgetEvent[] = [];
        const seen = new Set<string>();
        const costModel = { ...money.costModel };
        const baseline = { ...money.baseline };
        lines.forEach(({ kind, lineId, ...line }, i) => {
          try {
            if (seen.has(lineId)) throw new InvalidCommandError([{ field: 'reference', problem: 'is in the file twice: each line once' }]);
            seen.add(lineId);
            if (kind === 'baseline') {
              const { costCentre } = line as BaselineLine;
              refuseBadLine(line, baselineYearsOf(command.programme.goLiveDate), 'the baseline');
              if ((costCentre ?? '').trim() === '') throw new InvalidCommandError([{ field: 'costCentre', problem: 'is required: the ledger’s cost centre the line comes from' }]);
              const recorded = withoutBlanks(line as BaselineLine);
              if (sameJson(baseline[lineId], recorded)) return;
              baseline[lineId] = recorded;
              events.push({ type: 'BaselineLineRecorded', data: { programmeId, lineId, ...recorded } });
            } else {
              refuseBadLine(line, costModelYearsOf(command.programme.goLiveDate), 'the cost model');
              const recorded = withoutBlanks(line as CostModelLine);
              if (sameJson(costModel[lineId], recorded)) return;
              costModel[lineId] = recorded;
              events.push({ type: 'CostModelLineRecorded', data: { programmeId, lineId, ...recorded } });
            }
          } catch (error) {
            if (!(error instanceof InvalidCommandError)) throw error;
            problems.push(...error.problems.map((p) => ({ field: `lines[${i}].${p.field}`, problem: p.problem })));
          }
        });
        if (problems.length > 0) throw new InvalidCommandError(problems);
        refuseTooManyLines(costModel, baseline);
        return events;
      }
      case 'RemoveCostModelLine':
      case 'RemoveBaselineLine': {
        const { lineId, reason } = command.data;
        const cost = command.type === 'RemoveCostModelLine';
        const line = cost ? money.costModel[lineId] : money.baseline[lineId];
        if (line === undefined) throw new NotFoundError(cost ? 'cost model line' : 'baseline line', lineId);
        if (reason.trim() === '') throw new InvalidCommandError([{ field: 'reason', problem: 'is required: say why the line goes' }]);
        const data = { programmeId, lineId, reference: line.reference, reason: reason.trim() };
        return [cost ? { type: 'CostModelLineRemoved', data } : { type: 'BaselineLineRemoved', data }];
      }
      case 'AgreeCostModel': {
        const { agreedBy, deficitsAccepted } = command.data;
        if (agreedBy.trim() === '') throw new InvalidCommandError([{ field: 'agreedBy', problem: 'is required: the body that agreed the cost model' }]);
        const lines = agreedLinesOf(money.costModel);
        if (Object.keys(lines).length === 0) throw new IllegalStateError('The cost model has no lines yet: record them before the board agrees it');
        const years = new Set(Object.values(lines).map((l) => l.financialYear));
        const problems = Object.entries(deficitsAccepted).flatMap(([year, reason]) => [
          ...(years.has(year) ? [] : [{ field: `deficitsAccepted.${year}`, problem: 'must be a year the cost model has lines for' }]),
          ...(reason.trim() === '' ? [{ field: `deficitsAccepted.${year}`, problem: 'must say why the board accepts the deficit' }] : []),
        ]);
        if (problems.length > 0) throw new InvalidCommandError(problems);
        const standing = money.agreements.at(-1);
        const accepted = Object.fromEntries(Object.entries(deficitsAccepted).map(([year, reason]) => [year, reason.trim()]));
        if (standing && sameJson(standing.lines, lines) && sameJson(standing.deficitsAccepted, accepted) && standing.agreedBy === agreedBy.trim()) return [];
        const agreedOn = ukDay(command.metadata.now);
        return [{ type: 'CostModelAgreed', data: { programmeId, version: money.agreements.length + 1, agreedOn, agreedBy: agreedBy.trim(), lines, deficitsAccepted: accepted } }];
      }
      case 'SetWorkingCapitalFacility': {
        const facility = command.data;
        const problems = [
          ...(Number.isSafeInteger(facility.amountPence) && facility.amountPence > 0 ? [] : [{ field: 'amount', problem: 'must be more than nothing' }]),
          ...(['lender', 'drawdown', 'repaymentTerms'] as const).filter((field) => (facility[field] ?? '').trim() === '').map((field) => ({ field, problem: 'is required' })),
        ];
        if (problems.length > 0) throw new InvalidCommandError(problems);
        const data = { amountPence: facility.amountPence, lender: facility.lender.trim(), drawdown: facility.drawdown.trim(), repaymentTerms: facility.repaymentTerms.trim() };
        if (sameJson(money.facility, data)) return [];
        return [{ type: 'WorkingCapitalFacilitySet', data: { programmeId, ...data } }];
      }
      case 'SetContractPaymentProfile': {
        const { timing } = command.data;
        if (!(PAYMENT_TIMINGS as readonly string[]).includes(timing)) throw new InvalidCommandError([{ field: 'timing', problem: `must be one of: ${PAYMENT_TIMINGS.join(', ')}` }]);
        if (money.paymentTiming === timing) return [];
        return [{ type: 'ContractPaymentProfileSet', data: { programmeId, timing } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    const draft = draftOf(state);
    applyTo(draft, event);
    return stateOf(draft);
  },

  foldAll(events) {
    const draft = draftOf(budgetsDecider.initialState());
    for (const event of events) applyTo(draft, upcast(event, budgetsDecider.schemaVersions, budgetsDecider.upcasters));
    return stateOf(draft);
  },

  schemaVersions: {
    BuyBackBudgetSet: 1,
    BudgetEnvelopeSet: 1,
    CostModelLineRecorded: 2,
    CostModelLineRemoved: 1,
    BaselineLineRecorded: 1,
    BaselineLineRemoved: 1,
    CostModelAgreed: 1,
    WorkingCapitalFacilitySet: 1,
    ContractPaymentProfileSet: 1,
  },
  upcasters: {
    // Version 1 was in pounds, in the first categories, with neither assumption nor notes.
    CostModelLineRecorded: {
      1: (data: { amount: number; category: string }) => {
        const { amount, category, ...rest } = data;
        return { ...rest, category: FIRST_COST_CATEGORIES[category] ?? 'other-running-costs', amountPence: Math.round(amount * 100) };
      },
    },
  },
});

/** The budgets as one fold owns them while it runs: changed in place, so a line costs the same however many came before. */
interface Draft {
  buyBack: Map<string, number>;
  envelopes: Map<string, number>;
  costModel: Record<string, CostModelLine>;
  baseline: Record<string, BaselineLine>;
  agreements: Money['agreements'][number][];
  facility?: WorkingCapitalFacility;
  paymentTiming?: PaymentTiming;
  belowPriceReasons: Record<string, string>;
}

/** A draft of its own from a state: the state is never changed. */
function draftOf({ buyBack, envelopes, money }: Budgets): Draft {
  return { buyBack: new Map(buyBack), envelopes: new Map(envelopes), costModel: { ...money.costModel }, baseline: { ...money.baseline }, agreements: [...money.agreements], ...(money.facility ? { facility: money.facility } : {}), ...(money.paymentTiming ? { paymentTiming: money.paymentTiming } : {}), belowPriceReasons: { ...money.belowPriceReasons } };
}

function stateOf({ buyBack, envelopes, ...money }: Draft): Budgets {
  return { buyBack, envelopes, money };
}

/** One event applied to a draft (already upcast). */
function applyTo(draft: Draft, event: BudgetEvent): void {
  switch (event.type) {
    case 'BuyBackBudgetSet': {
      const key = buyBackKey(event.data.slaItemId, event.data.financialYear);
      draft.buyBack.set(key, event.data.amount);
      if (event.data.belowPriceReason) draft.belowPriceReasons[key] = event.data.belowPriceReason;
      else delete draft.belowPriceReasons[key];
      return;
    }
    case 'BudgetEnvelopeSet':
      draft.envelopes.set(event.data.financialYear, event.data.amount);
      return;
    case 'CostModelLineRecorded': {
      const { programmeId: _p, lineId, ...line } = event.data;
      draft.costModel[lineId] = line;
      return;
    }
    case 'CostModelLineRemoved':
      delete draft.costModel[event.data.lineId];
      return;
    case 'BaselineLineRecorded': {
      const { programmeId: _p, lineId, ...line } = event.data;
      draft.baseline[lineId] = line;
      return;
    }
    case 'BaselineLineRemoved':
      delete draft.baseline[event.data.lineId];
      return;
    case 'CostModelAgreed': {
      const { programmeId: _p, ...agreement } = event.data;
      draft.agreements.push(agreement);
      return;
    }
    case 'WorkingCapitalFacilitySet': {
      const { programmeId: _p, ...facility } = event.data;
      draft.facility = facility;
      return;
    }
    case 'ContractPaymentProfileSet':
      draft.paymentTiming = event.data.timing;
      return;
    default:
      return assertNever(event);
  }
}

/**
 * Policy: a programme's money stays a size a board reads and every write can fold at once (the
 * whole of it is agreed as one version). A real cost model runs to a few hundred lines.
 */
export const MONEY_LIMITS = { linesPerImport: 2_000, costModelLines: 2_000, baselineLines: 2_000 } as const;

function refuseTooManyLines(costModel: Readonly<Record<string, unknown>>, baseline: Readonly<Record<string, unknown>>): void {
  if (Object.keys(costModel).length > MONEY_LIMITS.costModelLines) throw new IllegalStateError(`The cost model holds at most ${MONEY_LIMITS.costModelLines.toLocaleString('en-GB')} lines; nothing was recorded`);
  if (Object.keys(baseline).length > MONEY_LIMITS.baselineLines) throw new IllegalStateError(`The baseline holds at most ${MONEY_LIMITS.baselineLines.toLocaleString('en-GB')} lines; nothing was recorded`);
}

/** A negative amount, an unknown category or a year outside the programme's: each named by its field. */
function refuseBadLine(line: { financialYear: string; category: string; amountPence: number; reference: string; description: string }, years: readonly string[], of: string): void {
  const problems = [
    ...(line.reference.trim() === '' ? [{ field: 'reference', problem: 'is required' }] : []),
    ...(line.description.trim() === '' ? [{ field: 'description', problem: 'is required: say what the line is for' }] : []),
    ...(years.includes(line.financialYear) ? [] : [{ field: 'financialYear', problem: `must be a year of ${of}: ${years[0]} to ${years.at(-1)}` }]),
    ...(isMoneyCategory(line.category) ? [] : [{ field: 'category', problem: 'must be a category of the cost model' }]),
    ...(Number.isSafeInteger(line.amountPence) && line.amountPence >= 0 ? [] : [{ field: 'amount', problem: 'must not be negative: income and the contract sum are positive amounts in their own categories' }]),
  ];
  if (problems.length > 0) throw new InvalidCommandError(problems);
}

/** Optional text left empty is left out, so a line sent again unchanged records nothing. */
function withoutBlanks<T extends object>(line: T): T {
  return Object.fromEntries(Object.entries(line).filter(([, value]) => value !== undefined && !(typeof value === 'string' && value.trim() === '')).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v])) as T;
}

/** The same data whatever order its fields were given in: a line read from a file is the line recorded from a form. */
const sameJson = (a: unknown, b: unknown) => JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
const sorted = (value: unknown): unknown =>
  value === null || typeof value !== 'object' ? value : Array.isArray(value) ? value.map(sorted) : Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
