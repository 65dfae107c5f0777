import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { DELIVERY_CONFIDENCE, DecidingBodyNotAllowedError, DecisionType, IllegalStateError, InvalidCommandError, NotFoundError, bodiesFor, decidingBodyLabel } from '@tracker/domain';
import { RATING_SCALE } from '@tracker/readiness';
import { Board } from '../../access/auth/permissions';
import { RecordDecisionCommand } from '../commands/record-decision/record-decision.command';
import { RecordDecisionRequest } from '../commands/record-decision/record-decision.request.dto';
import { RecordConditionMetCommand } from '../commands/record-condition-met/record-condition-met.command';
import { RecordConditionMetRequest } from '../commands/record-condition-met/record-condition-met.request.dto';
import { DecisionLog } from '../queries/decision-log/decision-log';
import { newIdFor } from '../../shared/ids';
import { Context, RequestContext } from '../../shared/request-context';
import { effectiveInstant } from '../../shared/validation';
import { Field } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { ratingWords, ukDate } from '../../web/renderer';
import { Answers, FormPage, FormPages } from '../../web/form-page';

/** Rows for a go's conditions on the form; the API takes up to 20. */
const CONDITION_ROWS = 3;

/** The board's decisions as forms: SLA recommendations, risk acceptances, the rating, go / no-go, conditions met. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class DecisionFormPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
    private readonly decisions: DecisionLog,
  ) {}

  // The board's decisions.

  @Get('registers/slas/:itemId/decision')
  @Board()
  async slaDecisionForm(@Param('programmeId') p: string, @Param('itemId') i: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.slaDecisionPage(p, i));
  }

  @Post('registers/slas/:itemId/decision')
  @Board()
  async decideSla(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.slaDecisionPage(p, i), form, (body) => this.decide(p, body, context, `/registers/slas/${i}`));
  }

  @Get('findings/:findingId/accept-risk')
  @Board()
  async riskAcceptanceForm(@Param('programmeId') p: string, @Param('findingId') f: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.riskAcceptancePage(p, f));
  }

  @Post('findings/:findingId/accept-risk')
  @Board()
  async acceptRisk(@Param('programmeId') p: string, @Param('findingId') f: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.riskAcceptancePage(p, f), form, (body) => this.decide(p, body, context, `/findings/${f}`));
  }

  @Get('decisions/rating')
  @Board()
  async ratingForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.programmeDecisionPage(p, 'rating'));
  }

  @Post('decisions/rating')
  @Board()
  async rate(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.programmeDecisionPage(p, 'rating'), form, (body) => this.decide(p, body, context, ''));
  }

  @Get('decisions/go-no-go')
  @Board()
  async goNoGoForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.programmeDecisionPage(p, 'go-no-go'));
  }

  @Post('decisions/go-no-go')
  @Board()
  async goNoGo(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.programmeDecisionPage(p, 'go-no-go'), form, (body) => this.decide(p, body, context, ''));
  }

  @Get('decisions/:decisionId/conditions/:conditionId/met')
  @Board()
  async conditionMetForm(@Param('programmeId') p: string, @Param('decisionId') d: string, @Param('conditionId') c: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.conditionMetPage(p, d, c));
  }

  @Post('decisions/:decisionId/conditions/:conditionId/met')
  @Board()
  async conditionMet(@Param('programmeId') p: string, @Param('decisionId') d: string, @Param('conditionId') c: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.conditionMetPage(p, d, c), form, async (body: RecordConditionMetRequest) => {
      await this.commands.execute(new RecordConditionMetCommand(p, d, c, body, effectiveInstant(body.effectiveAt), context));
      return `/programmes/${p}/decisions?done=condition-met`;
    });
  }

  // What each form is.

  private async slaDecisionPage(programmeId: string, itemId: string): Promise<FormPage<RecordDecisionRequest>> {
    const { programme, item } = await this.forms.itemOf(programmeId, 'slas', itemId);
    const who = await this.whoDecides(programmeId, 'sla-recommendation');
    const recommendation = item.steps['recommendation-made'] as { suitable?: boolean; reasons?: string } | undefined;
    return {
      spec: {
        fields: [
          { kind: 'yes-no', name: 'accepted', label: 'Does the board accept the advisers’ recommendation?', missing: 'Select yes if the board accepts the advisers’ recommendation' },
          { kind: 'textarea', name: 'reasons', label: 'The board’s reasons' },
          ...who.fields,
        ],
        request: RecordDecisionRequest,
      },
      defaults: who.defaults,
      title: `Decide on the recommendation for ${item.reference}`,
      caption: programme.name,
      intro: recommendation
        ? `The advisers found this SLA ${recommendation.suitable ? 'suitable' : 'not suitable'}: ${recommendation.reasons ?? ''}` +
          // DOMAIN rule 9: accepting a not-suitable recommendation sends the SLA back for revision, never to signing.
          (recommendation.suitable ? '' : ' Accepting this means the SLA is revised: the advisers make a new recommendation, and the board accepts it, before it can be signed.')
        : 'The advisers have not made a recommendation on this SLA yet, so there is nothing to decide.',
      submit: 'Record the decision',
      back: `/programmes/${programmeId}/registers/slas/${itemId}`,
      requestOf: (a) => ({ ...a, type: 'sla-recommendation', slaId: itemId }),
    };
  }

  private async riskAcceptancePage(programmeId: string, findingId: string): Promise<FormPage<RecordDecisionRequest>> {
    const { programme, finding } = await this.forms.findingOf(programmeId, findingId);
    const who = await this.whoDecides(programmeId, 'risk-acceptance');
    return {
      spec: {
        fields: [
          { kind: 'textarea', name: 'reason', label: 'Why the risk is acceptable' },
          { kind: 'date', name: 'expiresOn', label: 'When the acceptance lapses', hint: 'The finding counts again from that day. For example, 1 3 2027' },
          ...who.fields,
        ],
        request: RecordDecisionRequest,
      },
      defaults: who.defaults,
      title: 'Accept the risk',
      caption: `${programme.name}: ${finding.title}`,
      intro: 'While the board’s acceptance lasts, this finding does not block go-live.',
      submit: 'Accept the risk',
      back: `/programmes/${programmeId}/findings/${findingId}`,
      requestOf: (a) => ({ ...a, type: 'risk-acceptance', findingId }),
    };
  }

  private async programmeDecisionPage(programmeId: string, type: 'rating' | 'go-no-go'): Promise<FormPage<RecordDecisionRequest>> {
    const { programme } = await this.forms.present(programmeId);
    const who = await this.whoDecides(programmeId, type === 'rating' ? 'delivery-confidence' : 'go-no-go');
    const page = { caption: programme.name, submit: 'Record the decision', back: `/programmes/${programmeId}`, defaults: who.defaults };
    if (type === 'rating') {
      return {
        ...page,
        spec: {
          fields: [
            // Each point with the IPA's definition of it, so the board rates on the scale as defined.
            { kind: 'radios', name: 'rating', label: 'Delivery confidence', choices: DELIVERY_CONFIDENCE.map((value) => ({ value, text: ratingWords(value), hint: RATING_SCALE.definitions.find((d) => d.rating === value)?.meaning })) },
            { kind: 'textarea', name: 'rationale', label: 'Rationale' },
            ...who.fields,
          ],
          request: RecordDecisionRequest,
        },
        title: 'Rate delivery confidence',
        intro: 'Delivery confidence is the board’s own judgement, on the IPA five-point scale; it is shown beside the readiness the tracker computes, and neither replaces the other.',
        requestOf: (a) => ({ ...a, type: 'delivery-confidence' }),
      };
    }
    return {
      ...page,
      spec: {
        fields: [
          { kind: 'radios', name: 'decision', label: 'Decision', choices: [{ value: 'go', text: 'Go' }, { value: 'no-go', text: 'No go' }] },
          { kind: 'textarea', name: 'reasons', label: 'Reasons' },
          {
            kind: 'conditions',
            name: 'conditions',
            label: 'Conditions of a go (optional)',
            hint: 'Only for a go: what must still be done, who sees to it and by when. One due on or before go-live must be met before go-live is recorded. Leave the rows you do not need empty',
            rows: CONDITION_ROWS,
          },
          ...who.fields,
        ],
        request: RecordDecisionRequest,
      },
      title: 'Go / no-go decision',
      intro: 'The decision is signed with a digest of everything the board could see when it was taken.',
      requestOf: (a) => ({ ...a, type: 'go-no-go' }),
    };
  }

  /** Who took the decision: one of the bodies the programme's settings allow for its type (the first chosen to begin with), and who attended. */

  private async whoDecides(programmeId: string, type: DecisionType): Promise<{ fields: Field[]; defaults: Answers }> {
    const bodies = bodiesFor((await this.forms.facts.read(programmeId)).settings, type);
    return {
      fields: [
        { kind: 'radios', name: 'body', label: 'Who decided', hint: 'The bodies this programme’s settings allow to take this decision', choices: bodies.map((value) => ({ value, text: decidingBodyLabel(value) })) },
        { kind: 'lines', name: 'attendees', label: 'Who attended (optional)', hint: 'One a line, by name or role' },
      ],
      defaults: bodies.length > 0 ? { body: bodies[0] } : {},
    };
  }

  private async conditionMetPage(programmeId: string, decisionId: string, conditionId: string): Promise<FormPage<RecordConditionMetRequest>> {
    const { programme } = await this.forms.present(programmeId);
    const decision = this.decisions.decisions(programmeId).find((d) => d.decisionId === decisionId);
    if (!decision) throw new NotFoundError('board decision', decisionId);
    const condition = decision.conditions.find((c) => c.conditionId === conditionId);
    if (!condition) throw new NotFoundError('condition', conditionId);
    if (condition.met) throw new IllegalStateError(`This condition was recorded as met on ${ukDate(condition.met.recordedAt)}`);
    return {
      spec: {
        fields: [
          { kind: 'textarea', name: 'note', label: 'How the condition was met' },
          { kind: 'evidence', name: 'evidence', label: 'Evidence (optional)', hint: 'A link to what shows it was met' },
          { kind: 'date', name: 'effectiveAt', label: 'When it was met (optional)', hint: 'Leave empty for today. For example, 10 3 2027' },
        ],
        request: RecordConditionMetRequest,
      },
      title: 'Record a condition met',
      caption: programme.name,
      intro: `The go recorded on ${ukDate(decision.recordedAt)} is subject to: “${condition.text}” (${condition.owner}, due by ${ukDate(condition.dueOn)}).`,
      submit: 'Record it met',
      back: `/programmes/${programmeId}/decisions`,
    };
  }

  private async decide(programmeId: string, body: RecordDecisionRequest, context: RequestContext, page: string): Promise<string> {
    try {
      await this.commands.execute(new RecordDecisionCommand(programmeId, newIdFor('decision', programmeId, context), body, effectiveInstant(body.effectiveAt), context));
    } catch (error) {
      // A body the settings do not allow (a stale or forged form) is shown beside "Who decided", not the first field.
      if (error instanceof DecidingBodyNotAllowedError) throw new InvalidCommandError([{ field: error.field, problem: `must be a body this programme’s settings allow: ${error.message}` }]);
      throw error;
    }
    return `/programmes/${programmeId}${page}?done=decided`;
  }
}
