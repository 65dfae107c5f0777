import { Controller, Get, Param, Query } from '@nestjs/common';
import { MoneyPicture, moneyPictureOf } from '@tracker/readiness';
import { Readers } from '../../access/auth/permissions';
import { AsOfRequest, asOfEcho, atOf } from '../../readiness/as-of.request.dto';
import { ProgrammeViews } from '../../readiness/programme-views';

/** Every amount of the money picture in pounds, as the API speaks (the picture itself is in whole pence); `amountPence` read as `amount`. */
export function inPounds(picture: MoneyPicture): unknown {
  return JSON.parse(JSON.stringify(picture), (key, value) => {
    if (typeof value === 'number' && key !== 'version') return value / 100;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'amountPence' in value) {
      const { amountPence, ...rest } = value as { amountPence: number };
      return { ...rest, amount: amountPence };
    }
    return value;
  });
}

@Readers()
@Controller('api/programmes/:programmeId/money')
export class MoneyQueryHttpController {
  constructor(private readonly views: ProgrammeViews) {}

  /**
   * The money reconciled (in pounds): each year of the cost model with its expenditure, income and
   * contract sum, surplus or deficit, each category against the baseline with the lines behind it,
   * buy-back against the envelope and each SLA's budget against its price; the baseline by year; the
   * agreement standing; the cash-flow forecast; the facility and payment profile — now, as known at
   * `asOf`, or as true at `validAt`.
   */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Query() query: AsOfRequest) {
    const { view, readiness } = await this.views.judged(programmeId, atOf(query));
    const picture = moneyPictureOf({ goLiveDate: view.programme.goLiveDate, money: view.money, items: view.items, buyBack: view.buyBack, envelopes: view.envelopes });
    const { facility, paymentTiming } = view.money;
    const rules = readiness.areas.find((a) => a.area === 'budgets');
    return {
      ...(inPounds(picture) as object),
      ...(facility ? { facility: { ...facility, amountPence: undefined, amount: facility.amountPence / 100 } } : {}),
      paymentTiming: paymentTiming ?? null,
      rating: rules?.rating ?? null,
      ...asOfEcho(query),
    };
  }
}
