import { Money, agreedLinesOf, yearOneOf } from '../budgets/money';

/**
 * A cost model that meets every money rule for a programme going live on `goLiveDate`: year one's
 * staff costs met exactly by the contract sum, paid monthly in advance, agreed by the board the day
 * given. For tests about something else that need the money to be in place.
 */
export function agreedBalancedMoney(goLiveDate: string, agreedOn = goLiveDate): Money {
  const financialYear = yearOneOf(goLiveDate);
  const costModel = {
    'line-staff': { reference: 'CM-STAFF', financialYear, category: 'staff', description: 'Staff', amountPence: 120_000_000 },
    'line-contract': { reference: 'CM-SUM', financialYear, category: 'contract-sum', description: 'Contract sum', amountPence: 120_000_000 },
  } as const;
  return {
    costModel,
    baseline: {},
    agreements: [{ version: 1, agreedOn, agreedBy: 'Shadow Trust Board', lines: agreedLinesOf(costModel), deficitsAccepted: {} }],
    paymentTiming: 'monthly-in-advance',
    belowPriceReasons: {},
  };
}
