import { Body, Controller, Get, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AREAS, BOARD_STEPS, DELIVERY_CONFIDENCE, DecidingBodyNotAllowedError, DecisionType, GO_LIVE_MOVE_REASON_CODES, IllegalStateError, InvalidCommandError, assertRegistersOpen, KIND_OF_REGISTER, NotFoundError, REGISTER_OF_KIND, SEVERITIES, bodiesFor, decidingBodyLabel, goLiveMoveReasonLabel } from '@tracker/domain';
import { RATING_SCALE } from '@tracker/readiness';
import { Advisers, Board } from '../access/auth/permissions';
import { RecordDecisionCommand } from '../decisions/commands/record-decision/record-decision.command';
import { RecordDecisionRequest } from '../decisions/commands/record-decision/record-decision.request.dto';
import { RecordConditionMetCommand } from '../decisions/commands/record-condition-met/record-condition-met.command';
import { RecordConditionMetRequest } from '../decisions/commands/record-condition-met/record-condition-met.request.dto';
import { DecisionLog } from '../decisions/queries/decision-log/decision-log';
import { AddFindingEvidenceCommand } from '../findings/commands/add-finding-evidence/add-finding-evidence.command';
import { AddFindingEvidenceRequest } from '../findings/commands/add-finding-evidence/add-finding-evidence.request.dto';
import { CloseFindingCommand } from '../findings/commands/close-finding/close-finding.command';
import { CloseFindingRequest } from '../findings/commands/close-finding/close-finding.request.dto';
import { RaiseFindingCommand } from '../findings/commands/raise-finding/raise-finding.command';
import { RaiseFindingRequest } from '../findings/commands/raise-finding/raise-finding.request.dto';
import { ResolveFindingCommand } from '../findings/commands/resolve-finding/resolve-finding.command';
import { ResolveFindingRequest } from '../findings/commands/resolve-finding/resolve-finding.request.dto';
import { evidenceOf } from '../findings/evidence.request.dto';
import { AddNoteCommand } from '../notes/commands/add-note/add-note.command';
import { AddNoteRequest } from '../notes/commands/add-note/add-note.request.dto';
import { MoveGoLiveDateCommand } from '../programmes/commands/move-go-live-date/move-go-live-date.command';
import { MoveGoLiveDateRequest } from '../programmes/commands/move-go-live-date/move-go-live-date.request.dto';
import { ProgrammeViews } from '../readiness/programme-views';
import { RecordItemProgressCommand } from '../registers/commands/record-item-progress/record-item-progress.command';
import { STEP_FIELDS, adviserSteps } from '../registers/commands/record-item-progress/record-item-progress.request.dto';
import { RegisterItemCommand } from '../registers/commands/register-item/register-item.command';
import type { ItemRequest } from '../registers/commands/register-item/register-item.request.dto';
import { newIdFor } from '../shared/ids';
import { ProgrammeFactsReader } from '../shared/programme-facts.reader';
import { Context, RequestContext } from '../shared/request-context';
import { effectiveInstant } from '../shared/validation';
import { Field, FormError, FormSpec, choicesOf, fieldViews, formErrorsOf, requestBodyOf, validatedRequest } from '../shared/forms';
import { registrationForm, stepCorrectionForm, stepPageForm, stepWithdrawalForm, withStepEvidence } from '../registers/item-fields';
import { WithdrawItemStepCommand } from '../registers/commands/correct-item-step/correct-item-step';
import { ProgrammeDocuments } from '../documents/programme-documents';
import { CLOCK, Clock } from '../infrastructure/tokens';
import { PageErrorFilter } from './page-error.filter';
import { PageRequest, programmePageContext } from './page-context';
import { Renderer, ratingWords, ukDate } from './renderer';
import { aKindOf, words } from '../shared/words';

type Answers = Record<string, unknown>;

/** A form page: its fields and the words around them. */
interface FormPage<Request extends object> {
  readonly spec: FormSpec<Request>;
  readonly title: string;
  readonly caption: string;
  readonly intro?: string;
  readonly submit: string;
  /** Where Back and Cancel go: the page the form was opened from. */
  readonly back: string;
  /** The API's request from the answers, where the address gives part of it (what a note is about). */
  readonly requestOf?: (answers: Answers) => Answers;
  /** What the form shows before anything is answered (the first body that may decide, chosen). */
  readonly defaults?: Answers;
  /** Posted as multipart/form-data: the form has a file field. */
  readonly multipart?: boolean;
}

const FINDING_FIELDS: readonly Field[] = [
  { kind: 'text', name: 'title', label: 'Title', hint: 'What is wrong, in a line' },
  { kind: 'textarea', name: 'description', label: 'Description', hint: 'What was found and why it matters' },
  { kind: 'radios', name: 'severity', label: 'Severity', hint: 'An open critical finding blocks go-live for what it is about', choices: choicesOf(SEVERITIES) },
  { kind: 'text', name: 'owner', label: 'Owner', hint: 'Who is to put it right' },
  { kind: 'date', name: 'dueDate', label: 'Due date' },
  { kind: 'evidence', name: 'evidence', label: 'Evidence (optional)', hint: 'A link to what was found, if there is one yet' },
];
/** Rows for a go's conditions on the form; the API takes up to 20. */
const CONDITION_ROWS = 3;
const NOTE_FIELD: Field = { kind: 'textarea', name: 'text', label: 'Note', hint: 'Notes are never changed; a later note can correct one' };

/**
 * The advisers' and the board's forms. Each answers with the API's own request class and
 * command, so a page can do exactly what the API does and no more; bad answers come back
 * with the GOV.UK error summary and nothing recorded, good ones go to the changed page.
 */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class FormPagesController {
  constructor(
    private readonly renderer: Renderer,
    private readonly views: ProgrammeViews,
    private readonly commands: CommandBus,
    private readonly facts: ProgrammeFactsReader,
    private readonly documents: ProgrammeDocuments,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly decisions: DecisionLog,
  ) {}

  // Findings about an area, or about the programme's item named in the address.

  @Get('findings/new')
  @Advisers()
  async raiseFindingForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.raiseFindingPage(p));
  }

  @Post('findings/new')
  @Advisers()
  async raiseFinding(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.raiseFindingPage(p), form, (body) => this.raise(p, body, context));
  }

  @Get('registers/:register/:itemId/findings/new')
  @Advisers()
  async raiseItemFindingForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.raiseItemFindingPage(p, r, i));
  }

  @Post('registers/:register/:itemId/findings/new')
  @Advisers()
  async raiseItemFinding(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.raiseItemFindingPage(p, r, i), form, (body) => this.raise(p, body, context));
  }

  // Register items and their steps.

  @Get('registers/:register/new')
  @Advisers()
  async registerItemForm(@Param('programmeId') p: string, @Param('register') r: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.registerItemPage(p, r));
  }

  @Post('registers/:register/new')
  @Advisers()
  async registerItem(@Param('programmeId') p: string, @Param('register') r: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.registerItemPage(p, r), form, async (body) => {
      const command = RegisterItemCommand.fromRequest(p, KIND_OF_REGISTER.get(r)!, body, context);
      await this.commands.execute(command);
      return `/programmes/${p}/registers/${r}/${command.itemId}?done=registered`;
    });
  }

  /** The item's steps, each with whether and when it was recorded, and a link to record it. */
  @Get('registers/:register/:itemId/progress')
  @Advisers()
  async steps(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { programme, item } = await this.itemOf(p, r, i);
    const here = `/programmes/${p}/registers/${r}/${i}`;
    const steps = adviserSteps(item.kind, item.details).map((step) => {
      const recorded = item.steps[step];
      return {
        title: { text: words(step) },
        href: `${here}/progress/${step}`,
        status: recorded ? { text: `Recorded ${ukDate(recorded.on)}` } : { tag: { text: 'Not yet', classes: 'govuk-tag--blue' } },
      };
    });
    return this.renderer.send(reply, 'pages/steps.njk', { ...programmePageContext(request, p), title: `Record progress on ${item.reference}`, caption: programme.name, steps, backLink: { href: here } });
  }

  @Get('registers/:register/:itemId/progress/:step')
  @Advisers()
  async stepForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Param('step') step: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.stepPage(p, r, i, step));
  }

  @Post('registers/:register/:itemId/progress/:step')
  @Advisers()
  async recordStep(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Param('step') step: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.stepPage(p, r, i, step);
    // A document uploaded with the step is stored first and cited by its SHA-256, which the form
    // then shows: sent back with a problem, the form keeps the document without asking for it again.
    const { evidenceFile: file, ...answers } = form ?? {};
    if (Buffer.isBuffer(file) && file.length > 0) {
      // Nothing is kept for a register that can no longer change: the step would be refused anyway.
      assertRegistersOpen(await this.facts.read(p));
      answers.evidenceSha256 = this.documents.upload(p, file, undefined, context.userId, this.clock()).sha256;
    }
    return this.submit(reply, request, p, page, answers, async (body) => {
      await this.commands.execute(RecordItemProgressCommand.fromRequest(p, i, KIND_OF_REGISTER.get(r)!, withStepEvidence(body), context));
      return `/programmes/${p}/registers/${r}/${i}?done=progress`;
    });
  }

  // A step recorded by mistake: withdrawn, or corrected, with a reason; nothing is deleted.

  @Get('registers/:register/:itemId/steps/:n/:action')
  @Advisers()
  async stepCorrectionForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Param('n') n: string, @Param('action') action: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { page, values } = await this.stepCorrectionPage(p, r, i, n, action);
    return this.show(reply, request, p, page, values);
  }

  @Post('registers/:register/:itemId/steps/:n/:action')
  @Advisers()
  async correctStep(
    @Param('programmeId') p: string,
    @Param('register') r: string,
    @Param('itemId') i: string,
    @Param('n') n: string,
    @Param('action') action: string,
    @Body() form: Answers,
    @Context() context: RequestContext,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ) {
    const { page, entry } = await this.stepCorrectionPage(p, r, i, n, action);
    return this.submit(reply, request, p, page, form, async (body: Answers) => {
      const kind = KIND_OF_REGISTER.get(r)!;
      const correction =
        action === 'correction' ? { fields: body.fields as Record<string, unknown>, effectiveAt: effectiveInstant(body.effectiveAt as string | undefined) } : undefined;
      try {
        await this.commands.execute(new WithdrawItemStepCommand(p, kind, i, entry.n, String(body.reason), context, correction));
      } catch (error) {
        // The corrected fields are the form's own fields: name them as the form does.
        if (error instanceof InvalidCommandError) throw new InvalidCommandError(error.problems.map((q) => ({ ...q, field: q.field.replace(/^fields\./, '') })));
        throw error;
      }
      return `/programmes/${p}/registers/${r}/${i}?done=${action === 'correction' ? 'corrected' : 'withdrawn'}#step-${entry.n}`;
    });
  }

  // A finding's way to closed.

  @Get('findings/:findingId/:action')
  @Advisers()
  async findingActionForm(@Param('programmeId') p: string, @Param('findingId') f: string, @Param('action') action: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.findingActionPage(p, f, action));
  }

  @Post('findings/:findingId/:action')
  @Advisers()
  async findingAction(@Param('programmeId') p: string, @Param('findingId') f: string, @Param('action') action: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.findingActionPage(p, f, action), form, async (body: Answers) => {
      await this.commands.execute(
        action === 'evidence'
          ? new AddFindingEvidenceCommand(p, f, evidenceOf((body as unknown as AddFindingEvidenceRequest).evidence), effectiveInstant(body.effectiveAt as string | undefined), context)
          : action === 'resolve'
            ? ResolveFindingCommand.fromRequest(p, f, body as unknown as ResolveFindingRequest, context)
            : new CloseFindingCommand(p, f, (body as unknown as CloseFindingRequest).note, effectiveInstant(body.effectiveAt as string | undefined), context),
      );
      return `/programmes/${p}/findings/${f}?done=${action}`;
    });
  }

  // Notes, about the programme, an area, an item or a finding.

  @Get(['notes/new', 'registers/:register/:itemId/notes/new', 'findings/:findingId/notes/new'])
  @Advisers()
  async noteForm(@Param() params: NoteParams, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, params.programmeId, await this.notePage(params));
  }

  @Post(['notes/new', 'registers/:register/:itemId/notes/new', 'findings/:findingId/notes/new'])
  @Advisers()
  async addNote(@Param() params: NoteParams, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.notePage(params);
    return this.submit(reply, request, params.programmeId, page, form, async (body: AddNoteRequest) => {
      await this.commands.execute(new AddNoteCommand(params.programmeId, newIdFor('note', params.programmeId, context), body, context));
      return `${page.back}?done=note`;
    });
  }

  // The board's decisions.

  @Get('registers/slas/:itemId/decision')
  @Board()
  async slaDecisionForm(@Param('programmeId') p: string, @Param('itemId') i: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.slaDecisionPage(p, i));
  }

  @Post('registers/slas/:itemId/decision')
  @Board()
  async decideSla(@Param('programmeId') p: string, @Param('itemId') i: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.slaDecisionPage(p, i), form, (body) => this.decide(p, body, context, `/registers/slas/${i}`));
  }

  @Get('findings/:findingId/accept-risk')
  @Board()
  async riskAcceptanceForm(@Param('programmeId') p: string, @Param('findingId') f: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.riskAcceptancePage(p, f));
  }

  @Post('findings/:findingId/accept-risk')
  @Board()
  async acceptRisk(@Param('programmeId') p: string, @Param('findingId') f: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.riskAcceptancePage(p, f), form, (body) => this.decide(p, body, context, `/findings/${f}`));
  }

  @Get('decisions/rating')
  @Board()
  async ratingForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.programmeDecisionPage(p, 'rating'));
  }

  @Post('decisions/rating')
  @Board()
  async rate(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.programmeDecisionPage(p, 'rating'), form, (body) => this.decide(p, body, context, ''));
  }

  @Get('decisions/go-no-go')
  @Board()
  async goNoGoForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.programmeDecisionPage(p, 'go-no-go'));
  }

  @Post('decisions/go-no-go')
  @Board()
  async goNoGo(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.programmeDecisionPage(p, 'go-no-go'), form, (body) => this.decide(p, body, context, ''));
  }

  @Get('decisions/:decisionId/conditions/:conditionId/met')
  @Board()
  async conditionMetForm(@Param('programmeId') p: string, @Param('decisionId') d: string, @Param('conditionId') c: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.conditionMetPage(p, d, c));
  }

  @Post('decisions/:decisionId/conditions/:conditionId/met')
  @Board()
  async conditionMet(@Param('programmeId') p: string, @Param('decisionId') d: string, @Param('conditionId') c: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.conditionMetPage(p, d, c), form, async (body: RecordConditionMetRequest) => {
      await this.commands.execute(new RecordConditionMetCommand(p, d, c, body, effectiveInstant(body.effectiveAt), context));
      return `/programmes/${p}/decisions?done=condition-met`;
    });
  }

  @Get('go-live-date/move')
  @Board()
  async moveGoLiveForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.show(reply, request, p, await this.moveGoLivePage(p));
  }

  @Post('go-live-date/move')
  @Board()
  async moveGoLive(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.submit(reply, request, p, await this.moveGoLivePage(p), form, async (body) => {
      await this.commands.execute(new MoveGoLiveDateCommand(p, body, context));
      return `/programmes/${p}?done=moved`;
    });
  }

  // What each form is.

  private async raiseFindingPage(programmeId: string): Promise<FormPage<RaiseFindingRequest>> {
    const { programme } = await this.present(programmeId);
    const area: Field = { kind: 'select', name: 'area', label: 'Area', choices: choicesOf(AREAS) };
    return {
      spec: { fields: [area, ...FINDING_FIELDS], request: RaiseFindingRequest },
      title: 'Raise a finding',
      caption: programme.name,
      intro: 'A finding about one item is raised from that item’s page.',
      submit: 'Raise the finding',
      back: `/programmes/${programmeId}/findings`,
    };
  }

  private async raiseItemFindingPage(programmeId: string, register: string, itemId: string): Promise<FormPage<RaiseFindingRequest>> {
    const { programme, item } = await this.itemOf(programmeId, register, itemId);
    return {
      spec: { fields: FINDING_FIELDS, request: RaiseFindingRequest },
      title: `Raise a finding about ${item.reference}`,
      caption: programme.name,
      submit: 'Raise the finding',
      back: `/programmes/${programmeId}/registers/${register}/${itemId}`,
      requestOf: (answers) => ({ ...answers, itemId }),
    };
  }

  private async registerItemPage(programmeId: string, register: string): Promise<FormPage<ItemRequest>> {
    const kind = KIND_OF_REGISTER.get(register);
    if (kind === undefined) throw new NotFoundError('register', register);
    const { programme } = await this.present(programmeId);
    return { spec: registrationForm(kind), title: `Register ${aKindOf(kind)}`, caption: `${programme.name}: ${words(register)}`, submit: 'Register it', back: `/programmes/${programmeId}/registers/${register}` };
  }

  private async stepPage(programmeId: string, register: string, itemId: string, step: string): Promise<FormPage<{ step: string; effectiveAt?: string }>> {
    const { programme, item } = await this.itemOf(programmeId, register, itemId);
    if (!adviserSteps(item.kind, item.details).includes(step as never)) throw new NotFoundError('step', step);
    const recorded = item.steps[step];
    return {
      spec: stepPageForm(item.kind, step),
      title: words(step),
      caption: `${programme.name}: ${item.reference}`,
      intro: recorded ? `Already recorded on ${ukDate(recorded.on)}.` : undefined,
      submit: 'Record the step',
      back: `/programmes/${programmeId}/registers/${register}/${itemId}/progress`,
      requestOf: (answers) => ({ ...answers, step }),
      multipart: true,
    };
  }

  private async stepCorrectionPage(programmeId: string, register: string, itemId: string, n: string, action: string) {
    if (action !== 'withdrawal' && action !== 'correction') throw new NotFoundError('page', action);
    const { programme, item } = await this.itemOf(programmeId, register, itemId);
    const entry = /^[1-9][0-9]{0,5}$/.test(n) ? (item.log ?? [])[Number(n) - 1] : undefined;
    if (entry === undefined || entry.withdrawn || BOARD_STEPS.has(entry.step)) throw new NotFoundError(`step ${n} that may be withdrawn on`, item.reference);
    const names = STEP_FIELDS[entry.step] ?? [];
    const recorded = `Step ${entry.n}, ${words(entry.step)}, recorded as happening on ${ukDate(entry.record.on)}.`;
    const common = { caption: `${programme.name}: ${item.reference}`, back: `/programmes/${programmeId}/registers/${register}/${itemId}` };
    const page: FormPage<Answers> =
      action === 'withdrawal'
        ? { ...common, spec: stepWithdrawalForm() as unknown as FormSpec<Answers>, title: `Withdraw ${words(entry.step).toLowerCase()}`, intro: `${recorded} Once withdrawn it no longer counts towards readiness.`, submit: 'Withdraw the step' }
        : {
            ...common,
            spec: stepCorrectionForm(item.kind, entry.step) as unknown as FormSpec<Answers>,
            title: `Correct ${words(entry.step).toLowerCase()}`,
            intro: `${recorded} Change what was wrong; the rest stays as recorded.`,
            submit: 'Correct the step',
            requestOf: (answers) => {
              const { reason, effectiveAt, ...fields } = answers;
              return { reason, effectiveAt, ...(names.length === 0 ? {} : { fields }) };
            },
          };
    // The correction form starts from what was recorded.
    const values = Object.fromEntries(names.filter((name) => entry.record[name] !== undefined).map((name) => [name, formValueOf(entry.record[name])]));
    return { page, entry, values: action === 'correction' ? values : {} };
  }

  private async findingActionPage(programmeId: string, findingId: string, action: string): Promise<FormPage<Answers>> {
    if (!isFindingAction(action)) throw new NotFoundError('page', action);
    const { programme, finding } = await this.findingOf(programmeId, findingId);
    const { title, fields, request, submit } = FINDING_ACTIONS[action];
    const intro = action === 'close' ? fourEyesHint(finding.severity, (await this.facts.read(programmeId)).settings.fourEyes) : undefined;
    return { spec: { fields, request: request as new () => Answers }, title, caption: `${programme.name}: ${finding.title}`, ...(intro ? { intro } : {}), submit, back: `/programmes/${programmeId}/findings/${findingId}` };
  }

  private async notePage({ programmeId, register, itemId, findingId }: NoteParams): Promise<FormPage<AddNoteRequest>> {
    const page = { spec: { fields: [NOTE_FIELD], request: AddNoteRequest }, title: 'Add a note', submit: 'Add the note' };
    if (itemId !== undefined) {
      const { programme, item } = await this.itemOf(programmeId, register!, itemId);
      return { ...page, caption: `${programme.name}: ${item.reference}`, back: `/programmes/${programmeId}/registers/${register}/${itemId}`, requestOf: (a) => ({ ...a, target: { kind: 'item', itemId } }) };
    }
    if (findingId !== undefined) {
      const { programme, finding } = await this.findingOf(programmeId, findingId);
      return { ...page, caption: `${programme.name}: ${finding.title}`, back: `/programmes/${programmeId}/findings/${findingId}`, requestOf: (a) => ({ ...a, target: { kind: 'finding', findingId } }) };
    }
    const { programme } = await this.present(programmeId);
    const area: Field = { kind: 'select', name: 'area', label: 'About an area (optional)', empty: 'The whole programme', choices: choicesOf(AREAS) };
    return {
      ...page,
      spec: { fields: [area, NOTE_FIELD], request: AddNoteRequest },
      caption: programme.name,
      back: `/programmes/${programmeId}`,
      requestOf: ({ area: chosen, ...rest }) => ({ ...rest, target: chosen === undefined ? { kind: 'programme' } : { kind: 'area', area: chosen } }),
    };
  }

  private async slaDecisionPage(programmeId: string, itemId: string): Promise<FormPage<RecordDecisionRequest>> {
    const { programme, item } = await this.itemOf(programmeId, 'slas', itemId);
    const who = await this.whoDecides(programmeId, 'sla-recommendation');
    const recommendation = item.steps['recommendation-made'] as { suitable?: boolean; reasons?: string } | undefined;
    return {
      spec: {
        fields: [
          { kind: 'yes-no', name: 'accepted', label: 'Does the board accept the advisers’ recommendation?' },
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
    const { programme, finding } = await this.findingOf(programmeId, findingId);
    const who = await this.whoDecides(programmeId, 'risk-acceptance');
    return {
      spec: {
        fields: [
          { kind: 'textarea', name: 'reason', label: 'Why the risk is acceptable' },
          { kind: 'date', name: 'expiresOn', label: 'When the acceptance lapses', hint: 'The finding counts again from that day. For example, 2027-03-01' },
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
    const { programme } = await this.present(programmeId);
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
    const bodies = bodiesFor((await this.facts.read(programmeId)).settings, type);
    return {
      fields: [
        { kind: 'radios', name: 'body', label: 'Who decided', hint: 'The bodies this programme’s settings allow to take this decision', choices: bodies.map((value) => ({ value, text: decidingBodyLabel(value) })) },
        { kind: 'lines', name: 'attendees', label: 'Who attended (optional)', hint: 'One a line, by name or role' },
      ],
      defaults: bodies.length > 0 ? { body: bodies[0] } : {},
    };
  }

  private async conditionMetPage(programmeId: string, decisionId: string, conditionId: string): Promise<FormPage<RecordConditionMetRequest>> {
    const { programme } = await this.present(programmeId);
    const decision = this.decisions.list(programmeId).decisions.find((d) => d.decisionId === decisionId);
    if (!decision) throw new NotFoundError('board decision', decisionId);
    const condition = decision.conditions.find((c) => c.conditionId === conditionId);
    if (!condition) throw new NotFoundError('condition', conditionId);
    if (condition.met) throw new IllegalStateError(`This condition was recorded as met on ${ukDate(condition.met.recordedAt)}`);
    return {
      spec: {
        fields: [
          { kind: 'textarea', name: 'note', label: 'How the condition was met' },
          { kind: 'evidence', name: 'evidence', label: 'Evidence (optional)', hint: 'A link to what shows it was met' },
          { kind: 'date', name: 'effectiveAt', label: 'When it was met (optional)', hint: 'Leave empty for today. For example, 2027-03-10' },
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

  private async moveGoLivePage(programmeId: string): Promise<FormPage<MoveGoLiveDateRequest>> {
    const { programme } = await this.present(programmeId);
    return {
      spec: {
        fields: [
          { kind: 'date', name: 'date', label: 'New go-live date', hint: 'After today. For example, 2027-06-01' },
          { kind: 'checkboxes', name: 'reasons', label: 'Reasons', hint: 'Select all that apply', choices: GO_LIVE_MOVE_REASON_CODES.map((value) => ({ value, text: goLiveMoveReasonLabel(value) })) },
          { kind: 'textarea', name: 'note', label: 'Why, in words', hint: 'Kept with the move for good' },
        ],
        request: MoveGoLiveDateRequest,
      },
      title: 'Move the go-live date',
      caption: programme.name,
      intro: `The go-live date is now ${programme.goLiveDate}.`,
      submit: 'Move the date',
      back: `/programmes/${programmeId}`,
    };
  }

  // Drawing and answering.

  private show(reply: FastifyReply, request: PageRequest, programmeId: string, page: FormPage<object>, values: Answers = page.defaults ?? {}, errors: FormError[] = [], status = 200) {
    return this.renderer.send(
      reply,
      'pages/form.njk',
      {
        ...programmePageContext(request, programmeId),
        title: page.title,
        caption: page.caption,
        intro: page.intro,
        submit: page.submit,
        multipart: page.multipart,
        fields: fieldViews(page.spec.fields, values, errors),
        errors,
        backLink: { href: page.back },
      },
      status,
    );
  }

  /** Checks the answers as the API would; records them and goes on, or shows the form again with every problem and nothing recorded. */
  private async submit<Request extends object>(reply: FastifyReply, request: PageRequest, programmeId: string, page: FormPage<Request>, form: Answers | undefined, act: (body: Request) => Promise<string>) {
    const values = form ?? {};
    const answers = requestBodyOf(page.spec.fields, values);
    let next: string;
    try {
      next = await act(await validatedRequest(page.spec, page.requestOf ? page.requestOf(answers) : answers));
    } catch (error) {
      return this.show(reply, request, programmeId, page, values, formErrorsOf(error, page.spec.fields), 400);
    }
    return reply.redirect(next, 303);
  }

  private async raise(programmeId: string, body: RaiseFindingRequest, context: RequestContext): Promise<string> {
    const findingId = newIdFor('finding', programmeId, context);
    await this.commands.execute(RaiseFindingCommand.fromRequest(programmeId, findingId, body, context));
    return `/programmes/${programmeId}/findings/${findingId}?done=raised`;
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

  private async present(programmeId: string) {
    return (await this.views.judged(programmeId)).view;
  }

  private async itemOf(programmeId: string, register: string, itemId: string) {
    const view = await this.present(programmeId);
    const item = view.items.find((i) => i.itemId === itemId && REGISTER_OF_KIND[i.kind] === register);
    if (!item) throw new NotFoundError('item', itemId);
    return { programme: view.programme, item };
  }

  private async findingOf(programmeId: string, findingId: string) {
    const view = await this.present(programmeId);
    const finding = view.findings.find((f) => f.findingId === findingId);
    if (!finding) throw new NotFoundError('finding', findingId);
    return { programme: view.programme, finding };
  }
}

type FindingAction = 'evidence' | 'resolve' | 'close';

/** A recorded value as a form shows it: yes or no, a number as typed, a list one a line. */
function formValueOf(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join('\n');
  return String(value);
}

/** The close form says when four eyes apply, before anyone tries. */
export function fourEyesHint(severity: string, fourEyes: readonly string[]): string | undefined {
  return fourEyes.includes(severity)
    ? `Four eyes: this is a ${severity} finding, so the person who resolved it may not also close it. Another adviser verifies the resolution and closes it (a policy of this programme).`
    : undefined;
}
interface NoteParams {
  readonly programmeId: string;
  readonly register?: string;
  readonly itemId?: string;
  readonly findingId?: string;
}

const FINDING_ACTIONS: Record<FindingAction, { title: string; fields: readonly Field[]; request: new () => object; submit: string }> = {
  evidence: {
    title: 'Add evidence',
    fields: [{ kind: 'evidence', name: 'evidence', label: 'Evidence', hint: 'Earlier evidence stays on the finding' }],
    request: AddFindingEvidenceRequest,
    submit: 'Add the evidence',
  },
  resolve: {
    title: 'Mark the finding resolved',
    fields: [
      { kind: 'textarea', name: 'resolution', label: 'How it was put right' },
      { kind: 'evidence', name: 'evidence', label: 'Evidence that it is put right', hint: 'Needed unless evidence was added to the finding already' },
    ],
    request: ResolveFindingRequest,
    submit: 'Mark it resolved',
  },
  close: {
    title: 'Close the finding',
    fields: [{ kind: 'textarea', name: 'note', label: 'How the resolution was verified (optional)' }],
    request: CloseFindingRequest,
    submit: 'Close the finding',
  },
};
const isFindingAction = (action: string): action is FindingAction => Object.hasOwn(FINDING_ACTIONS, action);

