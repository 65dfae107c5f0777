import { Controller, Get, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AREAS, InvalidCommandError, ukDateOf } from '@tracker/domain';
import { Readers } from '../access/auth/permissions';
import { DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { Action, ActionPlanFilter, actionPlanOf, groupedBy } from '../readiness/action-plan';
import { ProgrammeViews } from '../readiness/programme-views';
import { Table, toCsv, toXlsx } from '../spreadsheets/spreadsheet';
import { slugOf, words } from '../shared/words';
import { PageErrorFilter } from './page-error.filter';
import { PageRequest, programmePageContext } from './page-context';
import { Renderer } from './renderer';

interface PlanQuery {
  readonly owner?: string;
  readonly area?: string;
  readonly by?: string;
  readonly format?: string;
  readonly dayOne?: string;
}

/**
 * The action plan: everything outstanding with who sees to it and by when, as a page (by owner or
 * by week with its T-minus), as JSON, and as a spreadsheet for the board's own working papers.
 */
@Readers()
@Controller()
export class ActionPlanController {
  constructor(
    private readonly views: ProgrammeViews,
    private readonly decisions: DecisionLog,
    private readonly renderer: Renderer,
  ) {}

  @Get('programmes/:programmeId/action-plan')
  @UseFilters(PageErrorFilter)
  async page(@Param('programmeId') programmeId: string, @Query() query: PlanQuery, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const by = query.by === 'week' ? 'week' : 'owner';
    const { judged, all, actions, filter } = await this.plan(programmeId, query);
    const owners = [...new Set(all.map((a) => a.owner).filter((o): o is string => o !== undefined))].sort();
    const exportQuery = new URLSearchParams({ ...(filter.owner !== undefined ? { owner: filter.owner } : {}), ...(filter.area ? { area: filter.area } : {}), ...(filter.dayOne ? { dayOne: 'yes' } : {}) }).toString();
    return this.renderer.send(reply, 'pages/action-plan.njk', {
      ...programmePageContext(request, programmeId),
      title: `Action plan: ${judged.view.programme.name}`,
      programme: judged.view.programme,
      readiness: judged.readiness,
      by,
      filter,
      choices: { owners, areas: AREAS },
      groups: groupedBy(actions, by, judged.readiness.goLiveDate),
      counts: { shown: actions.length, all: all.length, overdue: actions.filter((a) => a.overdue).length, unowned: actions.filter((a) => a.owner === undefined).length },
      exportQuery: exportQuery === '' ? '' : `&${exportQuery}`,
    });
  }

  /** JSON, or with `?format=csv` or `xlsx` a spreadsheet of the same rows; `owner` (empty: no owner named) and `area` filter. */
  @Get('api/programmes/:programmeId/action-plan')
  async data(@Param('programmeId') programmeId: string, @Query() query: PlanQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    const { judged, actions } = await this.plan(programmeId, query);
    if (query.format === undefined || query.format === 'json') return { today: judged.today, goLiveDate: judged.readiness.goLiveDate, phase: judged.readiness.phase, actions };
    if (query.format !== 'csv' && query.format !== 'xlsx') throw new InvalidCommandError([{ field: 'format', problem: 'must be one of: json, csv, xlsx' }]);
    const table = actionTable(actions);
    const name = `action-plan-${slugOf(judged.view.programme.name)}-${ukDateOf(judged.today)}.${query.format}`;
    void reply.header('content-disposition', `attachment; filename="${name}"`);
    if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(table));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await toXlsx(table));
  }

  private async plan(programmeId: string, query: PlanQuery) {
    const filter = filterOf(query);
    const judged = await this.views.judged(programmeId);
    const conditions = this.decisions.list(programmeId).awaiting.conditions;
    const all = actionPlanOf(judged, conditions, programmeId);
    return { judged, all, actions: actionPlanOf(judged, conditions, programmeId, filter), filter };
  }
}

function filterOf(query: PlanQuery): ActionPlanFilter {
  if (query.area !== undefined && query.area !== '' && !(AREAS as readonly string[]).includes(query.area)) {
    throw new InvalidCommandError([{ field: 'area', problem: `must be one of: ${AREAS.join(', ')}` }]);
  }
  if (query.dayOne !== undefined && query.dayOne !== '' && query.dayOne !== 'yes') throw new InvalidCommandError([{ field: 'dayOne', problem: 'must be yes, or left out' }]);
  return { ...(query.owner !== undefined && query.owner !== 'anyone' ? { owner: query.owner } : {}), ...(query.area ? { area: query.area } : {}), ...(query.dayOne === 'yes' ? { dayOne: true } : {}) };
}

function actionTable(actions: readonly Action[]): Table {
  return {
    sheet: 'Action plan',
    columns: [
      { header: 'Owner', kind: 'text' },
      { header: 'Due', kind: 'date' },
      { header: 'Overdue', kind: 'text' },
      { header: 'Area', kind: 'text' },
      { header: 'About', kind: 'text' },
      { header: 'What', kind: 'text' },
      { header: 'Rule’s own deadline', kind: 'date' },
      { header: 'Holds up', kind: 'text' },
      { header: 'Needed on day one', kind: 'text' },
    ],
    rows: actions.map((a) => [a.owner ?? '', a.due, a.overdue ? 'Yes' : 'No', words(a.area), a.subject, a.what, a.ruleDue ?? null, a.blocks, a.dayOne ? 'Yes' : '']),
  };
}
