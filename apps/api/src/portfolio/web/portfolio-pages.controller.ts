import { Controller, Get, Inject, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DELIVERY_CONFIDENCE, DELIVERY_MODELS, GO_LIVE_MOVE_REASON_CODES, REGIONS, goLiveMoveReasonLabel, ukDateOf } from '@tracker/domain';
import { Permit } from '../../access/auth/permissions';
import { CLOCK, Clock } from '../../infrastructure/tokens';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Renderer } from '../../web/renderer';
import { PORTFOLIO_SORTS, filteredPortfolio, portfolioQueryOf, portfolioTotals } from '../portfolio';
import { PortfolioQuery, portfolioAsOf } from '../portfolio.http.controller';
import { Portfolio } from '../portfolio.service';
import { barChart } from './portfolio-chart';

/** The department's view: every programme the reader may see, filtered and compared. */
@UseFilters(PageErrorFilter)
@Permit('signed-in')
@Controller('portfolio')
export class PortfolioPagesController {
  constructor(
    private readonly portfolio: Portfolio,
    private readonly renderer: Renderer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async page(@Query() query: PortfolioQuery, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const asked = portfolioQueryOf(query);
    const today = ukDateOf(this.clock());
    const asOf = portfolioAsOf(query, today);
    const all = await this.portfolio.rows(request.principal, asOf);
    const rows = filteredPortfolio(all, asked);
    const label = (r: { name: string }) => r.name;
    const reasons = GO_LIVE_MOVE_REASON_CODES.map((code) => ({ code, label: goLiveMoveReasonLabel(code), count: rows.reduce((n, r) => n + (r.compare.movesByReason[code] ?? 0), 0) })).filter((r) => r.count > 0);
    const exportQuery = new URLSearchParams(Object.fromEntries(Object.entries({ ...asked.filter, sort: asked.sort, order: asked.order, ...(query.asOf ? { asOf: query.asOf } : {}) }).map(([k, v]) => [k, String(v)]))).toString();
    return this.renderer.send(reply, 'pages/portfolio.njk', {
      title: 'Portfolio',
      section: 'portfolio',
      principal: request.principal,
      rows,
      of: all.length,
      totals: portfolioTotals(rows),
      asked,
      asOf: query.asOf ?? '',
      choices: { regions: REGIONS, models: DELIVERY_MODELS, ratings: DELIVERY_CONFIDENCE, advisers: [...new Set(all.map((r) => r.leadAdviser).filter((a): a is string => a !== undefined))].sort(), sorts: PORTFOLIO_SORTS },
      exportQuery,
      reasons,
      charts: {
        eli: barChart('eli', 'ELI received on time, by programme (%)', rows.map((r) => ({ label: label(r), value: r.compare.eliOnTime.percent })), '%', 100),
        novations: barChart('novations', 'Novations executed by T-4 weeks, by programme (%)', rows.map((r) => ({ label: label(r), value: r.compare.novationsByT4.percent })), '%', 100),
        buyBack: barChart('buy-back', 'Buy-back as a share of the contract sum, year one (%)', rows.map((r) => ({ label: label(r), value: r.compare.buyBackShareOfContractSum })), '%'),
        slas: barChart('slas', 'SLAs signed by go-live, of those bought back (%)', rows.map((r) => { const { signed, interim, neither } = r.compare.slas; const all = signed + interim + neither; return { label: label(r), value: all === 0 ? null : Math.round((signed / all) * 1000) / 10 }; }), '%', 100),
        findings: barChart('findings', 'Findings per 100 items, all areas', rows.map((r) => ({ label: label(r), value: r.compare.findingsPer100 })), ''),
        moves: barChart('moves', 'Go-live date moves by reason, across the portfolio', reasons.map((r) => ({ label: r.label, value: r.count })), ''),
      },
    });
  }
}
