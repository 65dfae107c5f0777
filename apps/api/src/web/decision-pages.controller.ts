import { Controller, Get, Param, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DecisionType } from '@tracker/domain';
import { Readers } from '../access/auth/permissions';
import { DecisionEntry, DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { ProgrammeFactsReader } from '../shared/programme-facts.reader';
import { PageErrorFilter } from './page-error.filter';
import { PageRequest, programmePageContext } from './page-context';
import { Renderer, ratingWords, ukDate } from './renderer';
import { ProgrammeList } from '@tracker/read-models';

const TYPE_WORDS: Record<DecisionType, string> = {
  'sla-recommendation': 'SLA recommendation',
  'risk-acceptance': 'Risk acceptance',
  'delivery-confidence': 'Delivery confidence',
  'go-no-go': 'Go / no-go',
};

/** What the board decided, in words: "Go", "Accepted", "Amber/Red"… */
function outcomeWords(entry: DecisionEntry): string {
  switch (entry.type) {
    case 'go-no-go':
      return entry.outcome === 'go' ? 'Go' : 'No go';
    case 'sla-recommendation':
      return entry.outcome === 'accepted' ? 'Recommendation accepted' : 'Recommendation rejected';
    case 'risk-acceptance':
      return 'Risk accepted';
    case 'delivery-confidence':
      return ratingWords(entry.outcome);
  }
}

/** A decision in a line, told apart from the others: "Go / no-go: No go — Go-live on 1 April 2027". */
export function decisionInWords(entry: DecisionEntry): string {
  const subject = subjectOf('', entry).text;
  return `${TYPE_WORDS[entry.type]}: ${outcomeWords(entry)}${subject === 'The programme' ? '' : ` — ${subject}`}`;
}

/** What a decision was about, with a link to it where it has a page. */
function subjectOf(programmeId: string, entry: DecisionEntry): { text: string; href?: string } {
  const { subject } = entry;
  if (subject.kind === 'sla') return { text: `SLA ${subject.reference ?? subject.itemId}`, href: `/programmes/${programmeId}/registers/slas/${subject.itemId}` };
  if (subject.kind === 'finding') return { text: `Finding: ${subject.title ?? subject.findingId}`, href: `/programmes/${programmeId}/findings/${subject.findingId}` };
  return { text: entry.type === 'go-no-go' && entry.goLiveDate ? `Go-live on ${ukDate(entry.goLiveDate)}` : 'The programme' };
}

/** The decision log in a browser: every board decision with who took it and on what, and what waits on the board. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId/decisions')
export class DecisionPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly log: DecisionLog,
    private readonly facts: ProgrammeFactsReader,
    private readonly programmes: ProgrammeList,
  ) {}

  @Get()
  @Readers()
  async list(@Param('programmeId') programmeId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    await this.facts.read(programmeId);
    const { decisions, awaiting } = this.log.list(programmeId);
    const entries = decisions.map((entry) => ({
      ...entry,
      typeWords: TYPE_WORDS[entry.type],
      outcomeWords: outcomeWords(entry),
      subject: subjectOf(programmeId, entry),
      recordedByWords: entry.recordedBy.name ?? `user ${entry.recordedBy.userId}`,
    }));
    const nothingAwaits = awaiting.slaRecommendations.length + awaiting.conditions.length + awaiting.riskAcceptancesLapsing.length === 0 && !awaiting.goNoGo;
    return this.renderer.send(reply, 'pages/decisions.njk', {
      ...programmePageContext(request, programmeId),
      title: 'Decisions',
      programme: this.programmes.get(programmeId),
      decisions: entries,
      awaiting,
      nothingAwaits,
    });
  }
}
