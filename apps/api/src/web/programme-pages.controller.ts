import { Controller, Get, Inject, Param, Query, Req, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { ItemOwnership, KIND_OF_REGISTER, NoteTarget, NotFoundError, REGISTER_OF_KIND, findingStreamId, isCalendarDate, itemStreamId, ukDateOf } from '@tracker/domain';
import { dateAnswer, dateInputItems } from '../shared/forms';
import { AccessDirectory, ProgrammeList } from '@tracker/read-models';
import { RATING_THRESHOLDS, RULES, RULESET_VERSION, expectedShare, isFindingOverdue, rate } from '@tracker/readiness';
import { AuditTrail } from '../audit/audit-trail';
import { CLOCK, Clock } from '../infrastructure/tokens';
import { Permit, Readers } from '../access/auth/permissions';
import { ListNotesQuery } from '../notes/queries/list-notes/list-notes.query';
import type { NoteView } from '../notes/queries/list-notes/list-notes.handler';
import { SCALE, awaitingBoardOf, dashboardOf } from '../readiness/dashboard';
import { At, ProgrammeViews } from '../readiness/programme-views';
import { PageErrorFilter } from './page-error.filter';
import { PageRequest, pastDayOf, programmePageContext } from './page-context';
import { Renderer, ukDate } from './renderer';
import { aKindOf, words } from '../shared/words';
import { trendChart } from './trend-chart';
import { ProgrammeDocuments } from '../documents/programme-documents';
import { ProgrammeFactsReader } from '../shared/programme-facts.reader';
import { DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { FindingListQuery, filteredFindings, findingFilterChoices, listedFindings } from '../findings/web/finding-list';
import { pageAsked, pageOf } from './list-page';
import { Portfolio } from '../portfolio/portfolio.service';
import { stepRulesOf } from '../registers/commands/assign-step-owner/assign-step-owner';
import { REGISTER_COLUMNS, RegisterListQuery, filteredItems, listedItems, ownersOf, registerSorts } from '../registers/web/register-list';

const REPEATED_IDS = new Set(['programmeId', 'itemId', 'findingId', 'kind']);

/** What an event recorded, in a line: its own fields, without the ids every event of the stream repeats. */
function summary(data: unknown): string {
  const fields = Object.entries((data ?? {}) as Record<string, unknown>).filter(([key]) => !REPEATED_IDS.has(key));
  return fields.map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`).join('; ');
}

/** The pages boards, advisers and auditors use: the same queries and commands as the API, in GOV.UK Frontend. */
@UseFilters(PageErrorFilter)
@Controller()
export class ProgrammePagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly views: ProgrammeViews,
    private readonly programmes: ProgrammeList,
    private readonly directory: AccessDirectory,
    private readonly trail: AuditTrail,
    private readonly queries: QueryBus,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly documents: ProgrammeDocuments,
    private readonly facts: ProgrammeFactsReader,
    private readonly decisions: DecisionLog,
    private readonly portfolio: Portfolio,
  ) {}

  @Get('programmes')
  @Permit('signed-in')
  list(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { principal } = request;
    // Those they are a member of, and those their portfolio access lets them read.
    const visible = new Set(this.portfolio.visibleTo(principal));
    const programmes = this.programmes.list().filter((p) => visible.has(p.id));
    return Promise.all(programmes.map(async (p) => ({ ...p, readiness: (await this.views.judged(p.id)).readiness }))).then((rows) =>
      this.renderer.send(reply, 'pages/programmes.njk', { title: 'Programmes', section: 'programmes', principal, programmes: rows }),
    );
  }

  /** What each point of the scale means, how readiness is worked out, and the rules: linked beside every rating. */
  @Get('ratings')
  @Permit('signed-in')
  ratings(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    // The replay that once showed Green: 3 of 47 items ready 335 days out, worked through with today's formula.
    const example = { ready: 3, of: 47, days: 335, share: 3 / 47, expected: expectedShare(335), rating: rate({ ready: 3, 'at-risk': 44, 'not-ready': 0, 'not-applicable': 0 }, 335) };
    return this.renderer.send(reply, 'pages/ratings.njk', {
      title: 'What the ratings mean',
      principal: request.principal,
      scale: SCALE,
      thresholds: RATING_THRESHOLDS,
      rulesetVersion: RULESET_VERSION,
      rules: Object.values(RULES),
      example,
    });
  }

  @Get('programmes/:programmeId')
  @Readers()
  async dashboard(@Param('programmeId') programmeId: string, @Query() query: Record<string, string | undefined>, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    // The past-day form posts its three fields; a day that can be shown goes to its address, one that cannot comes back with the reason.
    const typed = ['asOf-day', 'asOf-month', 'asOf-year'].some((part) => part in query);
    const day = typed ? dateAnswer(query, 'asOf') : { value: query.asOf || undefined };
    const problem = day.problem ?? (typed && day.value === undefined ? 'must include a day, month and year' : day.value === undefined ? undefined : this.pastDayProblem(programmeId, day.value));
    if (problem !== undefined) {
      const errors = [{ field: 'asOf', text: `The date ${problem}`, href: '#asOf-day' }];
      return this.dashboardPage(programmeId, undefined, request, reply, { errors, asOfItems: dateInputItems(typed ? query : { asOf: query.asOf }, 'asOf', true) }, 400);
    }
    if (typed) return reply.redirect(`/programmes/${programmeId}?asOf=${day.value}`, 303);
    return this.dashboardPage(programmeId, day.value, request, reply);
  }

  /** Why a past day cannot be shown: not a date, not yet come, or before the programme began. */
  private pastDayProblem(programmeId: string, day: string): string | undefined {
    if (!isCalendarDate(day)) return 'must be a real date';
    if (day > ukDateOf(this.clock())) return 'must be today or in the past';
    const startedOn = this.programmes.get(programmeId)?.startedOn;
    if (startedOn !== undefined && day < startedOn) return `must be on or after ${ukDate(startedOn)}, when the programme began`;
    return undefined;
  }

  private async dashboardPage(programmeId: string, asOf: string | undefined, request: PageRequest, reply: FastifyReply, form: { errors?: object[]; asOfItems?: object[] } = {}, status = 200) {
    const { at } = pastDayOf({ asOf });
    const judged = await this.views.judged(programmeId, at);
    const dashboard = dashboardOf(judged);
    const days = await this.views.trend(programmeId, at.asOf);
    // Who rated delivery confidence, and when: the rating names its decision. The go / no-go
    // standing now, with its reasons (a past day's view shows the rating's, not today's decisions).
    const log = this.decisions.decisions(programmeId);
    const rated = dashboard.readiness.deliveryConfidence && log.find((d) => d.decisionId === dashboard.readiness.deliveryConfidence!.decisionId);
    const goNoGo = asOf === undefined ? log.find((d) => d.type === 'go-no-go' && d.standing) : undefined;
    return this.renderer.send(
      reply,
      'pages/dashboard.njk',
      {
        ...programmePageContext(request, programmeId, asOf),
        title: dashboard.programme.name,
        dashboard,
        ratedBy: rated ? { name: rated.recordedBy.name ?? 'someone no longer in the directory', at: rated.recordedAt, body: rated.bodyLabel } : undefined,
        goNoGo: goNoGo ? { outcome: goNoGo.outcome, reasons: goNoGo.reasons, at: goNoGo.recordedAt, body: goNoGo.bodyLabel, conditions: goNoGo.conditions.length } : undefined,
        areas: dashboard.readiness.areas,
        trend: { svg: trendChart(days), days },
        notes: (await this.notes(programmeId, at, (target) => target.kind === 'programme' || target.kind === 'area')).slice(-10).reverse(),
        closure: dashboard.programme.status === 'closed' ? await this.views.closure(programmeId) : undefined,
        errors: form.errors,
        asOfError: form.errors?.[0],
        asOfItems: form.asOfItems ?? dateInputItems({ asOf }, 'asOf', false),
      },
      status,
    );
  }

  @Get('programmes/:programmeId/registers/:register')
  @Readers()
  async register(@Param('programmeId') programmeId: string, @Param('register') register: string, @Query() query: RegisterListQuery & { asOf?: string; page?: string }, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const kind = KIND_OF_REGISTER.get(register);
    if (kind === undefined) throw new NotFoundError('register', register);
    const { at, asOf } = pastDayOf(query);
    const { view, readiness } = await this.views.judged(programmeId, at);
    const all = listedItems(view.items, kind, new Map(readiness.items.map((item) => [item.itemId, item])));
    const filter = { q: query.q, readiness: query.readiness, sort: query.sort, owner: query.owner, asOf };
    const listed = pageOf(filteredItems(all, kind, query), pageAsked(query.page), filter);
    return this.renderer.send(reply, 'pages/register.njk', {
      ...programmePageContext(request, programmeId, asOf),
      title: words(register),
      programme: view.programme,
      register,
      noun: aKindOf(kind),
      listed,
      of: all.length,
      columns: REGISTER_COLUMNS[kind],
      sorts: registerSorts(kind),
      owners: ownersOf(all),
      filter,
    });
  }

  @Get('programmes/:programmeId/findings')
  @Readers()
  async findings(@Param('programmeId') programmeId: string, @Query() query: FindingListQuery & { asOf?: string; page?: string }, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { at, asOf } = pastDayOf(query);
    const { view, today } = await this.views.judged(programmeId, at);
    const all = listedFindings(view, today, (kind) => REGISTER_OF_KIND[kind as keyof typeof REGISTER_OF_KIND]);
    const filter = { q: query.q, status: query.status, severity: query.severity, area: query.area, owner: query.owner, overdue: query.overdue, sort: query.sort, asOf };
    const listed = pageOf(filteredFindings(all, query), pageAsked(query.page), filter);
    return this.renderer.send(reply, 'pages/findings.njk', { ...programmePageContext(request, programmeId, asOf), title: 'Findings', programme: view.programme, listed, of: all.length, filter, choices: findingFilterChoices(all) });
  }

  @Get('programmes/:programmeId/findings/:findingId')
  @Readers()
  async finding(@Param('programmeId') programmeId: string, @Param('findingId') findingId: string, @Query() query: { asOf?: string }, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { at, asOf } = pastDayOf(query);
    const { view, today } = await this.views.judged(programmeId, at);
    const finding = view.findings.find((f) => f.findingId === findingId);
    if (!finding) throw new NotFoundError('finding', findingId);
    const item = finding.target.kind === 'item' ? view.items.find((i) => i.itemId === (finding.target as { itemId: string }).itemId) : undefined;
    const history = await this.history(findingStreamId(programmeId, findingId), at);
    const notes = await this.notes(programmeId, at, (target) => target.kind === 'finding' && target.findingId === findingId);
    const fourEyes = await this.fourEyesOf(programmeId, finding as { status: string; severity: string; resolvedBy?: string });
    return this.renderer.send(reply, 'pages/finding.njk', { ...programmePageContext(request, programmeId, asOf), title: finding.title, programme: view.programme, finding, today, item, itemRegister: item ? REGISTER_OF_KIND[item.kind] : undefined, overdue: isFindingOverdue(finding, today), history, notes, fourEyes, backLink: { href: `/programmes/${programmeId}/findings${asOf ? `?asOf=${asOf}` : ''}`, text: 'All findings' } });
  }

  @Get('programmes/:programmeId/registers/:register/:itemId')
  @Readers()
  async item(@Param('programmeId') programmeId: string, @Param('register') register: string, @Param('itemId') itemId: string, @Query() query: { asOf?: string }, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { at, asOf } = pastDayOf(query);
    const { view, readiness } = await this.views.judged(programmeId, at);
    const item = view.items.find((i) => i.itemId === itemId && REGISTER_OF_KIND[i.kind] === register);
    if (!item) throw new NotFoundError('item', itemId);
    const judged = readiness.items.find((i) => i.itemId === itemId)!;
    const findings = view.findings.filter((f) => f.target.kind === 'item' && (f.target as { itemId: string }).itemId === itemId);
    const history = await this.history(itemStreamId(programmeId, itemId), at);
    const notes = await this.notes(programmeId, at, (target) => target.kind === 'item' && target.itemId === itemId);
    // Who owns each outstanding step: its own owner, else the item's.
    const ownership = item.details as ItemOwnership;
    const steps = judged.reasons.map((reason) => {
      const own = ownership.stepOwners?.[reason.ruleId];
      const outstanding = (reason.status === 'due' || reason.status === 'overdue') && stepRulesOf(item.kind).some((rule) => rule.id === reason.ruleId);
      return { ...reason, ...(outstanding ? { owner: own?.owner ?? ownership.owner, targetDate: own?.targetDate, ownOwner: own !== undefined, ownerHref: `/programmes/${programmeId}/registers/${register}/${itemId}/step-owners/${reason.ruleId}` } : {}) };
    });
    const { stepOwners: _stepOwners, ...shownDetails } = item.details;
    const details = Object.entries(shownDetails).map(([key, value]) => ({ key: { text: words(key.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()) }, value: { text: Array.isArray(value) ? value.join(', ') : String(value) } }));
    // Evidence naming a document uploaded to this programme links to it.
    const held = (item.log ?? []).flatMap((e) => e.evidence.flatMap((x) => (x.sha256 && this.documents.holds(programmeId, x.sha256) ? [x.sha256] : [])));
    // The board is offered a decision only on a recommendation it has not decided on yet.
    const awaitingBoard = item.kind === 'sla' && awaitingBoardOf([item]).length > 0;
    // An SLA's buy-back budgets, year by year.
    const buyBack = item.kind === 'sla' ? [...view.buyBack].filter(([key]) => key.startsWith(`${itemId}/`)).map(([key, amount]) => ({ year: key.split('/')[1], amount })).sort((a, b) => a.year.localeCompare(b.year)) : [];
    return this.renderer.send(reply, 'pages/item.njk', { ...programmePageContext(request, programmeId, asOf), title: item.reference, programme: view.programme, item, register, readiness: judged, steps, findings, details, history, notes, held, awaitingBoard, buyBack, backLink: { href: `/programmes/${programmeId}/registers/${register}${asOf ? `?asOf=${asOf}` : ''}`, text: words(register) } });
  }

  /** Four eyes on a resolved finding the programme's policy covers: who resolved it, so someone else closes it. */
  private async fourEyesOf(programmeId: string, finding: { status: string; severity: string; resolvedBy?: string }) {
    if (finding.status !== 'resolved' || !(await this.facts.read(programmeId)).settings.fourEyes.includes(finding.severity as never)) return undefined;
    const resolver = finding.resolvedBy === undefined ? undefined : this.directory.userById(finding.resolvedBy)?.name;
    return { severity: finding.severity, resolver };
  }

  /** The notes about what a page shows, oldest first, as known at the time the page is for. */
  private async notes(programmeId: string, at: At, about: (target: NoteTarget) => boolean): Promise<NoteView[]> {
    const { items } = await this.queries.execute(new ListNotesQuery(programmeId));
    return items.filter((note) => about(note.target) && (at.asOf === undefined || note.recordedAt <= at.asOf));
  }

  /** A stream's events in words, up to the time the page is for. */
  private async history(streamId: string, at: At) {
    const entries = await this.trail.history(streamId, at.asOf);
    return entries.map(({ recordedAt, effectiveAt, what, role, userId, name, data }) => ({ recordedAt, effectiveAt, what, role, userId, name, data: summary(data) }));
  }

}
