import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { DAY_ONE_CHECKLIST, DomainError, BOARD_STEPS, InvalidCommandError, ItemAmendment, ItemOwnership, assertProgrammeOpen, KIND_OF_REGISTER, NotFoundError, ukDateOf, whyStepCannotStartYet } from '@tracker/domain';
import { Advisers } from '../../access/auth/permissions';
import { AmendItemCommand } from '../commands/amend-item/amend-item.command';
import { RecordItemProgressCommand } from '../commands/record-item-progress/record-item-progress.command';
import { STEP_FIELDS, adviserSteps } from '../commands/record-item-progress/record-item-progress.request.dto';
import { RegisterItemCommand } from '../commands/register-item/register-item.command';
import type { ItemRequest } from '../commands/register-item/register-item.request.dto';
import { AddDayOneChecklistCommand } from '../commands/add-day-one-checklist/add-day-one-checklist';
import { Context, RequestContext } from '../../shared/request-context';
import { effectiveInstant } from '../../shared/validation';
import { Field, FormSpec } from '../../shared/forms';
import { PartialType } from '@nestjs/swagger';
import { AssignStepOwnerCommand, StepOwnerRequest, stepRulesOf } from '../commands/assign-step-owner/assign-step-owner';
import { registrationForm, stepCorrectionForm, stepPageForm, stepWithdrawalForm, withStepEvidence } from '../item-fields';
import { WithdrawItemStepCommand } from '../commands/correct-item-step/correct-item-step';
import { ProgrammeDocuments } from '../../documents/programme-documents';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest, programmePageContext } from '../../web/page-context';
import { ukDate } from '../../web/renderer';
import { aKindOf, words } from '../../shared/words';
import { Answers, FormPage, FormPages } from '../../web/form-page';

/** An adviser registers an item and records, withdraws or corrects its steps, as the API does. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class ItemFormPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
    private readonly documents: ProgrammeDocuments,
  ) {}

  // The day-one checklist, added to the governance register.

  @Get('registers/governance-items/day-one-checklist')
  @Advisers()
  async dayOneForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.dayOnePage(p));
  }

  @Post('registers/governance-items/day-one-checklist')
  @Advisers()
  async addDayOne(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    // Nothing to answer: a refusal (the programme closed) is the form's to show, in its summary.
    try {
      await this.commands.execute(new AddDayOneChecklistCommand(p, context));
    } catch (error) {
      if (!(error instanceof DomainError) || error instanceof NotFoundError) throw error;
      return this.forms.show(reply, request, p, await this.dayOnePage(p), form ?? {}, [{ field: '', text: error.message, href: '#main-content' }], 409);
    }
    return reply.redirect(`/programmes/${p}/registers/governance-items?done=day-one`, 303);
  }

  private async dayOnePage(programmeId: string): Promise<FormPage<object>> {
    const view = await this.forms.present(programmeId);
    const held = new Set(view.items.map((item) => item.reference));
    const missing = DAY_ONE_CHECKLIST.filter((e) => !held.has(e.reference));
    return {
      spec: { fields: [], request: Object },
      title: 'Add the day-one checklist',
      caption: view.programme.name,
      intro:
        missing.length === 0
          ? 'Every essential of the day-one checklist is in the governance register already.'
          : `Adds ${missing.length === DAY_ONE_CHECKLIST.length ? 'the' : `the ${missing.length} missing of the`} ${DAY_ONE_CHECKLIST.length} essentials the new body cannot open its doors without, each needed on day one and due by go-live: ${missing.map((e) => e.title.charAt(0).toLowerCase() + e.title.slice(1)).join('; ')}. Those already there are left as they are.`,
      submit: 'Add the day-one checklist',
      back: `/programmes/${programmeId}/registers/governance-items`,
    };
  }

  // Register items and their steps.

  @Get('registers/:register/new')
  @Advisers()
  async registerItemForm(@Param('programmeId') p: string, @Param('register') r: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.registerItemPage(p, r));
  }

  @Post('registers/:register/new')
  @Advisers()
  async registerItem(@Param('programmeId') p: string, @Param('register') r: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.registerItemPage(p, r), form, async (body) => {
      const command = RegisterItemCommand.fromRequest(p, KIND_OF_REGISTER.get(r)!, body, context);
      await this.commands.execute(command);
      return `/programmes/${p}/registers/${r}/${command.itemId}?done=registered`;
    });
  }

  // An item's details, corrected: only what really changes is recorded.

  @Get('registers/:register/:itemId/details')
  @Advisers()
  async detailsForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { page, values } = await this.detailsPage(p, r, i);
    return this.forms.show(reply, request, p, page, values);
  }

  @Post('registers/:register/:itemId/details')
  @Advisers()
  async amendDetails(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { page, item } = await this.detailsPage(p, r, i);
    return this.forms.submit(reply, request, p, page, form, async (body) => {
      // Checked as registering checks it (every required field), then only the fields that differ are sent.
      const { reference: _reference, effectiveAt: _effectiveAt, ...details } = body as unknown as Record<string, unknown>;
      const changes = Object.fromEntries(Object.entries(details).filter(([name, value]) => value !== undefined && JSON.stringify(value) !== JSON.stringify(item.details[name])));
      if (Object.keys(changes).length === 0) throw new InvalidCommandError([{ field: '', problem: 'Change at least one detail, or cancel' }]);
      await this.commands.execute(new AmendItemCommand(p, i, { kind: item.kind, changes } as ItemAmendment, undefined, context));
      return `/programmes/${p}/registers/${r}/${i}?done=amended`;
    });
  }

  /** The item's steps, each with whether and when it was recorded, and a link to record it. */
  @Get('registers/:register/:itemId/progress')
  @Advisers()
  async steps(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { programme, item } = await this.forms.itemOf(p, r, i);
    const facts = await this.forms.facts.read(p);
    const today = ukDateOf(this.forms.clock());
    const here = `/programmes/${p}/registers/${r}/${i}`;
    const steps = adviserSteps(item.kind, item.details).map((step) => {
      const recorded = item.steps[step];
      if (recorded) return { title: { text: words(step) }, href: `${here}/progress/${step}`, status: { text: `Recorded ${ukDate(recorded.on)}` } };
      // A step the rules would refuse now is shown without a link, with what must come first (the task list pattern).
      const why = whyStepCannotStartYet(item, step, today, facts);
      return why
        ? { title: { text: words(step) }, hint: { text: why }, status: { text: 'Cannot start yet', classes: 'govuk-task-list__status--cannot-start-yet' } }
        : { title: { text: words(step) }, href: `${here}/progress/${step}`, status: { tag: { text: 'Not yet', classes: 'govuk-tag--blue' } } };
    });
    return this.forms.send(reply, 'pages/steps.njk', { ...programmePageContext(request, p), title: `Record progress on ${item.reference}`, caption: programme.name, steps, backLink: { href: here } });
  }

  @Get('registers/:register/:itemId/progress/:step')
  @Advisers()
  async stepForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Param('step') step: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.stepPage(p, r, i, step));
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
      assertProgrammeOpen(await this.forms.facts.read(p));
      answers.evidenceSha256 = this.documents.upload(p, file, undefined, context.userId, this.forms.clock()).sha256;
    }
    return this.forms.submit(reply, request, p, page, answers, async (body) => {
      await this.commands.execute(RecordItemProgressCommand.fromRequest(p, i, KIND_OF_REGISTER.get(r)!, withStepEvidence(body), context));
      return `/programmes/${p}/registers/${r}/${i}?done=progress`;
    });
  }

  // A step recorded by mistake: withdrawn, or corrected, with a reason; nothing is deleted.

  @Get('registers/:register/:itemId/steps/:n/:action')
  @Advisers()
  async stepCorrectionForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Param('n') n: string, @Param('action') action: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { page, values } = await this.stepCorrectionPage(p, r, i, n, action);
    return this.forms.show(reply, request, p, page, values);
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
    return this.forms.submit(reply, request, p, page, form, async (body: Answers) => {
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

  // One outstanding step given an owner of its own, or handed back to the item's.

  @Get('registers/:register/:itemId/step-owners/:ruleId')
  @Advisers()
  async stepOwnerForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Param('ruleId') ruleId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { page, values } = await this.stepOwnerPage(p, r, i, ruleId);
    return this.forms.show(reply, request, p, page, values);
  }

  @Post('registers/:register/:itemId/step-owners/:ruleId')
  @Advisers()
  async assignStepOwner(
    @Param('programmeId') p: string,
    @Param('register') r: string,
    @Param('itemId') i: string,
    @Param('ruleId') ruleId: string,
    @Body() form: Answers,
    @Context() context: RequestContext,
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
  ) {
    const { page, item } = await this.stepOwnerPage(p, r, i, ruleId);
    return this.forms.submit(reply, request, p, page, form, async (body) => {
      // No owner hands the step back to the item's owner (and forgets its target).
      if (body.owner === undefined && body.targetDate !== undefined) throw new InvalidCommandError([{ field: 'owner', problem: 'is required' }]);
      await this.commands.execute(new AssignStepOwnerCommand(p, item.kind, i, ruleId, body.owner === undefined ? undefined : (body as StepOwnerRequest), context));
      return `/programmes/${p}/registers/${r}/${i}?done=step-owner`;
    });
  }

  // What each form is.

  private async stepOwnerPage(programmeId: string, register: string, itemId: string, ruleId: string) {
    const { programme, item } = await this.forms.itemOf(programmeId, register, itemId);
    const rule = stepRulesOf(item.kind).find((r) => r.id === ruleId);
    if (rule === undefined) throw new NotFoundError('rule', ruleId);
    const current = (item.details as ItemOwnership).stepOwners?.[ruleId];
    const itemOwner = (item.details as ItemOwnership).owner;
    const page: FormPage<StepOwnerFormRequest> = {
      spec: { fields: STEP_OWNER_FIELDS, request: StepOwnerFormRequest },
      title: `Who owns this step of ${item.reference}`,
      caption: programme.name,
      intro: `The rule: ${rule.sentence}. ${itemOwner ? `The item’s owner is ${itemOwner}.` : 'The item has no owner named.'} Name whoever sees this step through, if not the item’s owner: the action plan, reminders and calendar feeds follow them. Leave the owner empty to hand the step back to the item’s owner.`,
      submit: 'Save the owner',
      back: `/programmes/${programmeId}/registers/${register}/${itemId}`,
    };
    const values = current ? { owner: current.owner, ...(current.targetDate ? { targetDate: current.targetDate } : {}) } : {};
    return { page, item, values };
  }

  private async registerItemPage(programmeId: string, register: string): Promise<FormPage<ItemRequest>> {
    const kind = KIND_OF_REGISTER.get(register);
    if (kind === undefined) throw new NotFoundError('register', register);
    const { programme } = await this.forms.present(programmeId);
    return { spec: registrationForm(kind), title: `Register ${aKindOf(kind)}`, caption: `${programme.name}: ${words(register)}`, submit: 'Register it', back: `/programmes/${programmeId}/registers/${register}` };
  }

  private async detailsPage(programmeId: string, register: string, itemId: string) {
    const { programme, item } = await this.forms.itemOf(programmeId, register, itemId);
    const spec = registrationForm(item.kind);
    const fields = spec.fields.filter((field) => field.name !== 'reference');
    const page: FormPage<ItemRequest> = {
      spec: { fields, request: spec.request },
      title: `Change the details of ${item.reference}`,
      caption: programme.name,
      intro: 'Correct what is wrong; what you leave as it is stays as recorded. The change is kept in the item’s history with who made it, and readiness is judged on the details as they are now.',
      submit: 'Save the changes',
      back: `/programmes/${programmeId}/registers/${register}/${itemId}`,
      requestOf: (answers) => ({ ...answers, reference: item.reference }),
    };
    const values = Object.fromEntries(fields.filter((field) => item.details[field.name] !== undefined && item.details[field.name] !== null).map((field) => [field.name, formValueOf(item.details[field.name])]));
    return { page, item, values };
  }

  private async stepPage(programmeId: string, register: string, itemId: string, step: string): Promise<FormPage<{ step: string; effectiveAt?: string }>> {
    const { programme, item } = await this.forms.itemOf(programmeId, register, itemId);
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
    const { programme, item } = await this.forms.itemOf(programmeId, register, itemId);
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
}

/** The step-owner form: as the API's request, but the owner may be left empty to hand the step back. */
class StepOwnerFormRequest extends PartialType(StepOwnerRequest) {}

const STEP_OWNER_FIELDS: readonly Field[] = [
  { kind: 'text', name: 'owner', label: 'Owner of this step (optional)', hint: 'A named person or team, for example Council HR — TUPE lead', missing: 'Enter the owner of this step, or leave the target date empty' },
  { kind: 'date', name: 'targetDate', label: 'Target date (optional)', hint: 'When they aim to have it done. The rule’s own deadline stands regardless. For example, 26 2 2027' },
];

/** A recorded value as a form shows it: yes or no, a number as typed, a list one a line. */
function formValueOf(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.join('\n');
  return String(value);
}

