/**
 * The trust's money, as the due diligence audits it: the council's current budget for the service
 * (the baseline), the trust's cost model for year one and the years after, the board's agreement of
 * it, the working-capital facility and how the council pays the contract sum. Every amount is a
 * whole number of pence; the edges take and show pounds.
 */

/** What the trust spends… */
export const EXPENDITURE_CATEGORIES = ['staff', 'premises', 'transport', 'placements', 'support-services', 'other-running-costs'] as const;
/** …and what it receives: its own income, the contract sum from the council and other grants, each a positive amount. */
export const INCOME_CATEGORIES = ['income', 'contract-sum', 'other-grants'] as const;
export const MONEY_CATEGORIES = [...EXPENDITURE_CATEGORIES, ...INCOME_CATEGORIES] as const;
export type MoneyCategory = (typeof MONEY_CATEGORIES)[number];

export const isIncomeCategory = (category: string): boolean => (INCOME_CATEGORIES as readonly string[]).includes(category);
export const isMoneyCategory = (category: unknown): category is MoneyCategory => (MONEY_CATEGORIES as readonly unknown[]).includes(category);

/** The categories the first cost-model lines were recorded in, as today's: what each was for. */
export const FIRST_COST_CATEGORIES: Readonly<Record<string, MoneyCategory>> = {
  staffing: 'staff',
  premises: 'premises',
  ict: 'other-running-costs',
  'support-services': 'support-services',
  transport: 'transport',
  'commissioned-services': 'placements',
  overheads: 'other-running-costs',
  other: 'other-running-costs',
};

/**
 * Policy (the law sets no span): the years a programme's money covers. The baseline is the council's
 * budget for the years before go-live; the cost model runs from year one (the financial year go-live
 * falls in) for this many years.
 */
export const MONEY_YEARS = { baselineYearsBefore: 3, costModelYears: 5 } as const;

/** April to March, written 2027-28, of a calendar day. */
export function financialYearOfDay(day: string): string {
  const [year, month] = day.split('-').map(Number);
  const start = month >= 4 ? year : year - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The financial year `n` years after (or before, negative) the one given. */
export function financialYearAfter(year: string, n: number): string {
  const start = Number(year.slice(0, 4)) + n;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** Year one of the trust: the financial year its go-live day falls in. */
export const yearOneOf = (goLiveDate: string): string => financialYearOfDay(goLiveDate);

export function costModelYearsOf(goLiveDate: string): string[] {
  return Array.from({ length: MONEY_YEARS.costModelYears }, (_, n) => financialYearAfter(yearOneOf(goLiveDate), n));
}

export function baselineYearsOf(goLiveDate: string): string[] {
  return Array.from({ length: MONEY_YEARS.baselineYearsBefore }, (_, n) => financialYearAfter(yearOneOf(goLiveDate), n - MONEY_YEARS.baselineYearsBefore));
}

/** A line of the trust's cost model, known by its reference. */
export interface CostModelLine {
  readonly reference: string;
  readonly financialYear: string;
  readonly category: MoneyCategory;
  readonly description: string;
  readonly amountPence: number;
  /** What the figure rests on: "42 FTE at the council's 2026-27 pay scales plus 3%". */
  readonly assumption?: string;
  readonly notes?: string;
}

/** A line of the council's current budget for the service, from its ledger. */
export interface BaselineLine {
  readonly reference: string;
  readonly financialYear: string;
  /** The ledger's cost centre, e.g. "C1234 Fostering". */
  readonly costCentre: string;
  readonly category: MoneyCategory;
  readonly description: string;
  readonly amountPence: number;
}

/** The amount, category and year of each line as the board agreed them. */
export type AgreedLines = Readonly<Record<string, { readonly financialYear: string; readonly category: MoneyCategory; readonly amountPence: number }>>;

/** A version of the cost model the board agreed: the lines as they stood, and the deficits it accepted. */
export interface CostModelAgreement {
  readonly version: number;
  readonly agreedOn: string;
  /** The body that agreed it, e.g. "Shadow Trust Board". */
  readonly agreedBy: string;
  readonly lines: AgreedLines;
  /** A deficit the board accepted, by year, with its reason. */
  readonly deficitsAccepted: Readonly<Record<string, string>>;
}

/** The working-capital facility: what the trust may draw when the cash runs low. */
export interface WorkingCapitalFacility {
  readonly amountPence: number;
  readonly lender: string;
  readonly drawdown: string;
  /** e.g. "repayable within 30 days of the final contract payment". */
  readonly repaymentTerms: string;
}

/** How the council pays the contract sum: each month's twelfth at the start of the month, or at its end (received the month after). */
export const PAYMENT_TIMINGS = ['monthly-in-advance', 'monthly-in-arrears'] as const;
export type PaymentTiming = (typeof PAYMENT_TIMINGS)[number];

/** Everything of the programme's money, as plain data (it is kept as JSON). */
export interface Money {
  readonly costModel: Readonly<Record<string, CostModelLine>>;
  readonly baseline: Readonly<Record<string, BaselineLine>>;
  /** Oldest first; the last is the one standing. */
  readonly agreements: readonly CostModelAgreement[];
  readonly facility?: WorkingCapitalFacility;
  readonly paymentTiming?: PaymentTiming;
  /** Why an SLA's buy-back budget for a year is below its price, keyed `${slaItemId}/${financialYear}`. */
  readonly belowPriceReasons: Readonly<Record<string, string>>;
}

export const NO_MONEY: Money = { costModel: {}, baseline: {}, agreements: [], belowPriceReasons: {} };

/** The lines of the cost model as the board would agree them now. */
export function agreedLinesOf(costModel: Money['costModel']): AgreedLines {
  return Object.fromEntries(Object.entries(costModel).map(([lineId, { financialYear, category, amountPence }]) => [lineId, { financialYear, category, amountPence }]));
}

/** Whether a year's lines stand as the agreement has them: none added, removed or changed since. */
export function yearAsAgreed(money: Money, agreement: CostModelAgreement, financialYear: string): boolean {
  const now = Object.entries(agreedLinesOf(money.costModel)).filter(([, l]) => l.financialYear === financialYear);
  const then = Object.entries(agreement.lines).filter(([, l]) => l.financialYear === financialYear);
  if (now.length !== then.length) return false;
  return now.every(([lineId, l]) => {
    const agreed = agreement.lines[lineId];
    return agreed !== undefined && agreed.financialYear === l.financialYear && agreed.category === l.category && agreed.amountPence === l.amountPence;
  });
}

/** Pounds as the API takes them (to the penny) as whole pence. */
export const penceOf = (pounds: number): number => Math.round(pounds * 100);
/** Whole pence as pounds, for the API's answers. */
export const poundsOf = (pence: number): number => pence / 100;
