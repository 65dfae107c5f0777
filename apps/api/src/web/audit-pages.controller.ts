import { DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { decisionInWords } from './decision-pages.controller';
import { Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AREAS, REGISTER_OF_KIND, isCalendarDate } from '@tracker/domain';
import { AccessDirectory, AuditIndex, DecisionLogStore, changeInWords, roleName, typeWords } from '@tracker/read-models';
import { Readers } from '../access/auth/permissions';
import { AuditEntry, AuditFilter, AuditTrail } from '../audit/audit-trail';
import { ChainVerification } from '../audit/chain-verification';
import { Digests } from '../audit/digests';
import { SigningKeys } from '../audit/signing-keys';
import { dashboardOf } from '../readiness/dashboard';
import { ProgrammeViews } from '../readiness/programme-views';
import { whatTheBoardSaw } from '../readiness/what-the-board-saw';
import { PageRequest, programmePageContext } from './page-context';
import { PageErrorFilter } from './page-error.filter';
import { paginationOf } from './list-page';
import { dateAnswer, dateInputItems } from '../shared/forms';
import { Renderer } from './renderer';

const PAGE_SIZE = 50;

/** The trail's filters as the address carries them: dates typed in three fields (`from-day`, …) or whole (`from=2026-11-01`). */
type AuditPageQuery = { area?: string; type?: string; page?: string; person?: string; from?: string; to?: string } & Record<string, string | undefined>;

/** The auditor's pages: the trail, verification of the chain, downloads, and what the board saw at each decision. */
@UseFilters(PageErrorFilter)
@Readers()
@Controller('programmes/:programmeId')
export class AuditPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly views: ProgrammeViews,
    private readonly trail: AuditTrail,
    private readonly verification: ChainVerification,
    private readonly digests: Digests,
    private readonly decisionLog: DecisionLogStore,
    private readonly keys: SigningKeys,
    private readonly log: DecisionLog,
    private readonly directory: AccessDirectory,
    private readonly index: AuditIndex,
  ) {}

  @Get('audit')
  async audit(@Param('programmeId') programmeId: string, @Query() query: AuditPageQuery, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.auditPage(programmeId, query, request, reply);
  }

  /** Writes nothing: a POST only because it starts work, so that a link crawler cannot. */
  @Post('audit/verify')
  @HttpCode(200)
  async verify(@Param('programmeId') programmeId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const result = await this.verification.verify(programmeId);
    return this.auditPage(programmeId, {}, request, reply, result);
  }

  @Get('decisions/:decisionId')
  async boardSaw(@Param('programmeId') programmeId: string, @Param('decisionId') decisionId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { digest, rulesetVersion, judged } = await whatTheBoardSaw(this.views, this.digests, programmeId, decisionId, this.decisionLog);
    const dashboard = dashboardOf(judged);
    return this.renderer.send(reply, 'pages/board-saw.njk', { ...programmePageContext(request, programmeId), title: `What the board saw: ${dashboard.programme.name}`, dashboard, areas: dashboard.readiness.areas, digest, rulesetVersion, boardSaw: true });
  }

  private peopleOf(programmeId: string): { userId: string; name: string }[] {
    const ids = new Set([...this.directory.members(programmeId).map((m) => m.userId), ...this.directory.users().filter((u) => u.administrator).map((u) => u.id)]);
    return [...ids].map((userId) => ({ userId, name: this.directory.userById(userId)?.name ?? userId })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The entries of one page, and how many there are in all. */
  private async window(programmeId: string, filter: AuditFilter, page: number): Promise<{ window: AuditEntry[]; total: number }> {
    const { entries, total } = await this.trail.page(programmeId, filter, (page - 1) * PAGE_SIZE, PAGE_SIZE);
    return { window: entries, total };
  }

  private async auditPage(programmeId: string, query: AuditPageQuery, request: PageRequest, reply: FastifyReply, verification?: unknown) {
    const { view } = await this.views.judged(programmeId);
    const area = AREAS.includes(query.area as never) ? query.area : undefined;
    // Who recorded: the programme's members and the administrators, by name.
    const people = this.peopleOf(programmeId);
    const person = people.some((p) => p.userId === query.person) ? query.person : undefined;
    // The dates typed in three fields each, or carried in the page links whole; one that cannot be read is said on its field.
    const errors: { field: string; text: string; href: string }[] = [];
    const [from, to] = (['from', 'to'] as const).map((bound) => {
      const { value, problem } = dateAnswer(query as Record<string, unknown>, bound);
      const wrong = problem ?? (value !== undefined && !isCalendarDate(value) ? 'must be a real date' : undefined);
      if (wrong) errors.push({ field: bound, text: `${bound === 'from' ? 'From' : 'To'} ${wrong}`, href: `#${bound}-day` });
      return wrong ? undefined : value;
    });
    // The types of event this programme has, in words, each with how many: a type it has not is no filter.
    const types = this.index.types(programmeId).map(({ type, count }) => ({ type, count, words: typeWords(type) })).sort((a, b) => a.words.localeCompare(b.words));
    const type = types.some((t) => t.type === query.type) ? query.type : undefined;
    const filter = { ...(area ? { area } : {}), ...(type ? { type } : {}), ...(person ? { userId: person } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
    const asked = Math.max(1, Number.parseInt(query.page ?? '1', 10) || 1);
    // Only the page shown is kept, however long the history; a page past the end is read again as the last.
    let { window, total } = await this.window(programmeId, filter, asked);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const page = Math.min(pages, asked);
    if (page !== asked) ({ window, total } = await this.window(programmeId, filter, page));
    const kept = new URLSearchParams(Object.entries({ area, type, person, from, to }).filter((entry): entry is [string, string] => Boolean(entry[1])));
    const filterQuery = kept.size ? `&${kept.toString()}` : '';
    // Each decision named by what it decided, not only by when: five "Decision of …" lines told nobody which was which.
    const entries = new Map(this.log.decisions(programmeId).map((entry) => [entry.decisionId, entry]));
    const decisions = (await this.digests.ofDecisions(programmeId)).map((d) => {
      const entry = entries.get(d.decisionId);
      return { ...d, words: entry ? decisionInWords(entry) : 'Board decision' };
    });
    // Each entry links to the item or finding it is about, as the programme holds it now.
    const items = new Map(view.items.map((item) => [item.itemId, item]));
    const findings = new Map(view.findings.map((finding) => [finding.findingId, finding]));
    const aboutOf = (entry: AuditEntry): { href: string; text: string } | undefined => {
      const item = entry.itemId === undefined ? undefined : items.get(entry.itemId);
      if (item) return { href: `/programmes/${programmeId}/registers/${REGISTER_OF_KIND[item.kind]}/${item.itemId}`, text: item.reference };
      const finding = entry.findingId === undefined ? undefined : findings.get(entry.findingId);
      return finding ? { href: `/programmes/${programmeId}/findings/${finding.findingId}`, text: `Finding: ${finding.title}` } : undefined;
    };
    return this.renderer.send(reply, 'pages/audit.njk', {
      ...programmePageContext(request, programmeId),
      title: 'Audit trail',
      programme: view.programme,
      entries: window.map((entry) => ({ ...entry, about: aboutOf(entry), roleName: roleName(entry.role), changes: entry.changes.map((change) => ({ ...change, words: changeInWords(change) })) })),
      total,
      // The first, the last and the pages either side of this one: a link per page was 20,000 links at a million events.
      pagination: paginationOf(page, pages, (n) => `?page=${n}${filterQuery}`),
      filter: { area: area ?? '', type: type ?? '', person: person ?? '' },
      types,
      people,
      errors,
      fromItems: dateInputItems(query as Record<string, unknown>, 'from', errors.some((e) => e.field === 'from')),
      toItems: dateInputItems(query as Record<string, unknown>, 'to', errors.some((e) => e.field === 'to')),
      dateErrors: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
      areas: AREAS,
      decisions,
      verification,
      keyFingerprint: this.keys.fingerprint,
    }, errors.length ? 400 : 200);
  }
}
