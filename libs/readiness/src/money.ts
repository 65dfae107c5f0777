import {
  Money,
  MoneyCategory,
  MONEY_CATEGORIES,
  PaymentTiming,
  baselineYearsOf,
  costModelYearsOf,
  financialYearOfDay,
  isIncomeCategory,
  penceOf,
  yearAsAgreed,
  yearOneOf,
} from '@tracker/domain';
import { addMonths } from './dates';
import { POLICY } from './rules';

/**
 * The money reconciled, year by year, from the baseline, the cost model, the buy-back budgets and
 * envelopes and the SLAs' prices: one function every page, export and rule reads, so no two
 * disagree. All in pence.
 */
export interface MoneyPicture {
  readonly yearOne: string;
  /** The cost model's years (year one and those after), each reconciled. */
  readonly years: readonly YearMoney[];
  /** The baseline's years, each with its total by category. */
  readonly baseline: readonly { readonly financialYear: string; readonly byCategory: Readonly<Partial<Record<MoneyCategory, number>>>; readonly expenditure: number; readonly income: number }[];
  /** The baseline year the cost model is compared with: the latest with lines. */
  readonly comparedWith?: string;
  /** The agreement standing, if any, and for each year whether its lines stand as agreed. */
  readonly agreement?: { readonly version: number; readonly agreedOn: string; readonly agreedBy: string; readonly asAgreed: Readonly<Record<string, boolean>> };
  readonly cashFlow?: CashFlow;
}

export interface YearMoney {
  readonly financialYear: string;
  readonly hasLines: boolean;
  readonly expenditure: number;
  /** Income of every kind: the trust's own, the contract sum and other grants. */
  readonly income: number;
  readonly contractSum: number;
  /** Income less expenditure: negative is a deficit. */
  readonly surplus: number;
  /** The board's reason for accepting the year's deficit, while the year stands as it was agreed. */
  readonly deficitAccepted?: string;
  /** Each category: the cost model, the baseline compared with, the gap, and the lines that make it up. */
  readonly byCategory: readonly CategoryMoney[];
  readonly buyBack: { readonly total: number; readonly envelope?: number };
  readonly slas: readonly SlaMoney[];
}

export interface CategoryMoney {
  readonly category: MoneyCategory;
  readonly income: boolean;
  readonly costModel: number;
  readonly baseline: number;
  /** Cost model less baseline. */
  readonly gap: number;
  readonly lines: readonly { readonly lineId: string; readonly reference: string; readonly description: string; readonly amountPence: number; readonly assumption?: string; readonly notes?: string }[];
}

export interface SlaMoney {
  readonly itemId: string;
  readonly reference: string;
  readonly price: number;
  readonly budget?: number;
  readonly belowPriceReason?: string;
}

export interface CashFlow {
  readonly timing: PaymentTiming;
  readonly months: readonly { readonly month: string; readonly receipts: number; readonly payments: number; readonly closing: number }[];
  readonly lowest: number;
  readonly lowestMonth: string;
  readonly facility?: number;
}

interface SlaFacts {
  readonly itemId: string;
  readonly kind: string;
  readonly reference: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export interface MoneyFacts {
  readonly goLiveDate: string;
  readonly money: Money;
  readonly items: readonly SlaFacts[];
  /** In pounds, as the budgets are recorded, keyed `${slaItemId}/${financialYear}`. */
  readonly buyBack: ReadonlyMap<string, number>;
  readonly envelopes: ReadonlyMap<string, number>;
}

const sum = (values: Iterable<number>) => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

export function moneyPictureOf({ goLiveDate, money, items, buyBack, envelopes }: MoneyFacts): MoneyPicture {
  const yearOne = yearOneOf(goLiveDate);
  const lines = Object.entries(money.costModel);
  const baselineLines = Object.values(money.baseline);
  const baselineYears = [...new Set([...baselineYearsOf(goLiveDate), ...baselineLines.map((l) => l.financialYear)])].sort();
  const baseline = baselineYears.map((financialYear) => {
    const byCategory: Partial<Record<MoneyCategory, number>> = {};
    for (const l of baselineLines.filter((b) => b.financialYear === financialYear)) byCategory[l.category] = (byCategory[l.category] ?? 0) + l.amountPence;
    const total = (income: boolean) => sum(Object.entries(byCategory).filter(([c]) => isIncomeCategory(c) === income).map(([, v]) => v!));
    return { financialYear, byCategory, expenditure: total(false), income: total(true) };
  });
  const comparedWith = [...baselineLines.map((l) => l.financialYear)].sort().at(-1);
  const compared = baseline.find((b) => b.financialYear === comparedWith);
  const slas = items.filter((i) => i.kind === 'sla');
  const envelopeYears = [...envelopes.keys()];
  const budgetYears = [...buyBack.keys()].map((key) => key.split('/')[1]);
  const years = [...new Set([...costModelYearsOf(goLiveDate), ...lines.map(([, l]) => l.financialYear), ...envelopeYears, ...budgetYears])].filter((y) => y >= yearOne).sort();
  const standing = money.agreements.at(-1);

  const yearMoney = years.map((financialYear): YearMoney => {
    const inYear = lines.filter(([, l]) => l.financialYear === financialYear);
    const byCategory = MONEY_CATEGORIES.map((category): CategoryMoney => {
      const of = inYear.filter(([, l]) => l.category === category);
      const costModel = sum(of.map(([, l]) => l.amountPence));
      const base = compared?.byCategory[category] ?? 0;
      return {
        category,
        income: isIncomeCategory(category),
        costModel,
        baseline: base,
        gap: costModel - base,
        lines: of.map(([lineId, l]) => ({ lineId, reference: l.reference, description: l.description, amountPence: l.amountPence, ...(l.assumption ? { assumption: l.assumption } : {}), ...(l.notes ? { notes: l.notes } : {}) })).sort((a, b) => a.reference.localeCompare(b.reference)),
      };
    });
    const expenditure = sum(byCategory.filter((c) => !c.income).map((c) => c.costModel));
    const income = sum(byCategory.filter((c) => c.income).map((c) => c.costModel));
    const slaIds = new Set(slas.map((s) => s.itemId));
    const total = sum([...buyBack].filter(([key]) => key.endsWith(`/${financialYear}`) && slaIds.has(key.split('/')[0])).map(([, pounds]) => penceOf(pounds)));
    const envelope = envelopes.get(financialYear);
    // An acceptance speaks only for the figures it accepted: a line changed since, and the year's deficit is no longer accepted.
    const deficitAccepted = standing && yearAsAgreed(money, standing, financialYear) ? standing.deficitsAccepted[financialYear] : undefined;
    return {
      financialYear,
      hasLines: inYear.length > 0,
      expenditure,
      income,
      contractSum: byCategory.find((c) => c.category === 'contract-sum')!.costModel,
      surplus: income - expenditure,
      ...(deficitAccepted ? { deficitAccepted } : {}),
      byCategory,
      buyBack: { total, ...(envelope === undefined ? {} : { envelope: penceOf(envelope) }) },
      slas: slas.map((s) => {
        const key = `${s.itemId}/${financialYear}`;
        const budget = buyBack.get(key);
        const reason = money.belowPriceReasons[key];
        return { itemId: s.itemId, reference: s.reference, price: penceOf(Number(s.details.annualPrice ?? 0)), ...(budget === undefined ? {} : { budget: penceOf(budget) }), ...(reason ? { belowPriceReason: reason } : {}) };
      }),
    };
  });

  const agreement = standing && {
    version: standing.version,
    agreedOn: standing.agreedOn,
    agreedBy: standing.agreedBy,
    asAgreed: Object.fromEntries(years.map((y) => [y, yearAsAgreed(money, standing, y)])),
  };
  const cashFlow = cashFlowOf(goLiveDate, money, yearMoney);
  return { yearOne, years: yearMoney, baseline, ...(comparedWith ? { comparedWith } : {}), ...(agreement ? { agreement } : {}), ...(cashFlow ? { cashFlow } : {}) };
}

/**
 * A forecast of the trust's cash, month by month from go-live, from the cost model: each month pays a
 * twelfth of its year's expenditure and receives a twelfth of its other income and grants; the
 * contract sum's twelfth comes in the month itself (monthly in advance) or the month after (in
 * arrears). The trust opens with nothing in the bank. None without a year-one cost model.
 */
export function cashFlowOf(goLiveDate: string, money: Money, years: readonly YearMoney[]): CashFlow | undefined {
  const yearOne = years.find((y) => y.financialYear === yearOneOf(goLiveDate));
  if (yearOne === undefined || !yearOne.hasLines) return undefined;
  const timing = money.paymentTiming ?? 'monthly-in-arrears';
  const twelfth = (pence: number) => Math.round(pence / 12);
  const of = (month: string) => years.find((y) => y.financialYear === financialYearOfDay(`${month}-01`));
  const first = goLiveDate.slice(0, 7);
  const months: { month: string; receipts: number; payments: number; closing: number }[] = [];
  let balance = 0;
  for (let n = 0; n < POLICY.cashFlowMonths; n++) {
    const month = addMonths(`${first}-01`, n).slice(0, 7);
    const year = of(month);
    const contractFrom = timing === 'monthly-in-advance' ? year : n === 0 ? undefined : of(addMonths(`${first}-01`, n - 1).slice(0, 7));
    const receipts = twelfth((year?.income ?? 0) - (year?.contractSum ?? 0)) + twelfth(contractFrom?.contractSum ?? 0);
    const payments = twelfth(year?.expenditure ?? 0);
    balance += receipts - payments;
    months.push({ month, receipts, payments, closing: balance });
  }
  const low = months.reduce((a, b) => (b.closing < a.closing ? b : a));
  return { timing, months, lowest: low.closing, lowestMonth: low.month, ...(money.facility ? { facility: money.facility.amountPence } : {}) };
}
