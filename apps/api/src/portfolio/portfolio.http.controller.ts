import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { InvalidCommandError, ukDateOf, ukEndOfDay } from '@tracker/domain';
import { Permit } from '../access/auth/permissions';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../access/auth/auth.guard';
import { CLOCK, Clock } from '../infrastructure/tokens';
import { Table, toCsv, toXlsx } from '../spreadsheets/spreadsheet';
import { PortfolioRow, filteredPortfolio, portfolioQueryOf, portfolioTotals } from './portfolio';
import { Portfolio } from './portfolio.service';

export type PortfolioQuery = Record<string, string | undefined>;

/** A past day asked for (`asOf=YYYY-MM-DD`) as the end of that UK day, or a clear refusal. */
export function portfolioAsOf(query: PortfolioQuery, today: string): string | undefined {
  const asOf = query.asOf;
  if (asOf === undefined || asOf === '') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new InvalidCommandError([{ field: 'asOf', problem: 'must be a date, like 2026-11-22' }]);
  if (asOf > today) throw new InvalidCommandError([{ field: 'asOf', problem: 'must not be in the future' }]);
  return ukEndOfDay(asOf);
}

/** Every programme the caller may see, with computed readiness, filtered, sorted and totalled; as JSON, CSV or XLSX. */
@Permit('signed-in')
@Controller('api/portfolio')
export class PortfolioHttpController {
  constructor(
    private readonly portfolio: Portfolio,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async get(@Query() query: PortfolioQuery, @Req() request: FastifyRequest & { principal: Principal }, @Res({ passthrough: true }) reply: FastifyReply) {
    const asked = portfolioQueryOf(query);
    const today = ukDateOf(this.clock());
    const asOf = portfolioAsOf(query, today);
    const all = await this.portfolio.rows(request.principal, asOf);
    const programmes = filteredPortfolio(all, asked);
    if (query.format === undefined || query.format === 'json') return { asOf: asOf ?? null, filter: asked.filter, sort: asked.sort, order: asked.order, totals: portfolioTotals(programmes), of: all.length, programmes };
    if (query.format !== 'csv' && query.format !== 'xlsx') throw new InvalidCommandError([{ field: 'format', problem: 'must be one of: json, csv, xlsx' }]);
    const table = portfolioTable(programmes);
    void reply.header('content-disposition', `attachment; filename="portfolio-${asOf ? asOf.slice(0, 10) : today}.${query.format}"`);
    if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table));
  }
}

export function portfolioTable(rows: readonly PortfolioRow[]): Table {
  return {
    sheet: 'Portfolio',
    columns: [
      { header: 'Programme', kind: 'text' },
      { header: 'Council', kind: 'text' },
      { header: 'Region', kind: 'text' },
      { header: 'Delivery model', kind: 'text' },
      { header: 'Lead adviser', kind: 'text' },
      { header: 'Status', kind: 'text' },
      { header: 'Go-live', kind: 'date' },
      { header: 'Days to go-live', kind: 'number' },
      { header: 'Readiness', kind: 'text' },
      { header: 'Delivery confidence', kind: 'text' },
      { header: 'Four weeks before', kind: 'text' },
      { header: 'Blockers', kind: 'number' },
      { header: 'Open critical', kind: 'number' },
      { header: 'Open high', kind: 'number' },
      { header: 'Go-live moves', kind: 'number' },
      { header: 'ELI on time (%)', kind: 'number' },
      { header: 'Novations by T-4 weeks (%)', kind: 'number' },
      { header: 'SLAs signed', kind: 'number' },
      { header: 'SLAs on interim terms', kind: 'number' },
      { header: 'Buy-back, % of contract sum', kind: 'number' },
    ],
    rows: rows.map((r) => [
      r.name,
      r.council,
      r.region ?? '',
      r.deliveryModel ?? '',
      r.leadAdviser ?? '',
      r.status,
      r.goLiveDate,
      r.daysToGoLive,
      r.readiness ?? '',
      r.deliveryConfidence?.rating ?? '',
      r.deliveryConfidence?.fourWeeksAgo ?? '',
      r.blockers,
      r.openCritical,
      r.openHigh,
      r.goLiveMoves,
      r.compare.eliOnTime.percent,
      r.compare.novationsByT4.percent,
      r.compare.slas.signed,
      r.compare.slas.interim,
      r.compare.buyBackShareOfContractSum,
    ]),
  };
}
