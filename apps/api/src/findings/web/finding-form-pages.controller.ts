import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { AREAS, NotFoundError, SEVERITIES } from '@tracker/domain';
import { Advisers } from '../../access/auth/permissions';
import { AddFindingEvidenceCommand } from '../commands/add-finding-evidence/add-finding-evidence.command';
import { AddFindingEvidenceRequest } from '../commands/add-finding-evidence/add-finding-evidence.request.dto';
import { CloseFindingCommand } from '../commands/close-finding/close-finding.command';
import { CloseFindingRequest } from '../commands/close-finding/close-finding.request.dto';
import { RaiseFindingCommand } from '../commands/raise-finding/raise-finding.command';
import { RaiseFindingRequest } from '../commands/raise-finding/raise-finding.request.dto';
import { ResolveFindingCommand } from '../commands/resolve-finding/resolve-finding.command';
import { ResolveFindingRequest } from '../commands/resolve-finding/resolve-finding.request.dto';
import { evidenceOf } from '../evidence.request.dto';
import { MitigateFindingCommand } from '../commands/mitigate-finding/mitigate-finding.command';
import { MitigateFindingRequest } from '../commands/mitigate-finding/mitigate-finding.request.dto';
import { ReopenFindingCommand } from '../commands/reopen-finding/reopen-finding.command';
import { ReopenFindingRequest } from '../commands/reopen-finding/reopen-finding.request.dto';
import { newIdFor } from '../../shared/ids';
import { Context, RequestContext } from '../../shared/request-context';
import { effectiveInstant } from '../../shared/validation';
import { Field, choicesOf } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';

const FINDING_FIELDS: readonly Field[] = [
  { kind: 'text', name: 'title', label: 'Title', hint: 'What is wrong, in a line' },
  { kind: 'textarea', name: 'description', label: 'Description', hint: 'What was found and why it matters' },
  { kind: 'radios', name: 'severity', label: 'Severity', hint: 'An open critical finding blocks go-live for what it is about', choices: choicesOf(SEVERITIES) },
  { kind: 'text', name: 'owner', label: 'Owner', hint: 'Who is to put it right' },
  { kind: 'date', name: 'dueDate', label: 'Due date' },
  { kind: 'evidence', name: 'evidence', label: 'Evidence (optional)', hint: 'A link to what was found, if there is one yet' },
];

/** An adviser raises a finding, adds evidence, resolves and closes it: the API's requests and commands, as forms. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class FindingFormPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
  ) {}

  // Findings about an area, or about the programme's item named in the address.

  @Get('findings/new')
  @Advisers()
  async raiseFindingForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.raiseFindingPage(p));
  }

  @Post('findings/new')
  @Advisers()
  async raiseFinding(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.raiseFindingPage(p), form, (body) => this.raise(p, body, context));
  }

  @Get('registers/:register/:itemId/findings/new')
  @Advisers()
  async raiseItemFindingForm(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.raiseItemFindingPage(p, r, i));
  }

  @Post('registers/:register/:itemId/findings/new')
  @Advisers()
  async raiseItemFinding(@Param('programmeId') p: string, @Param('register') r: string, @Param('itemId') i: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.raiseItemFindingPage(p, r, i), form, (body) => this.raise(p, body, context));
  }

  // A finding's way to closed.

  @Get('findings/:findingId/:action')
  @Advisers()
  async findingActionForm(@Param('programmeId') p: string, @Param('findingId') f: string, @Param('action') action: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.findingActionPage(p, f, action));
  }

  @Post('findings/:findingId/:action')
  @Advisers()
  async findingAction(@Param('programmeId') p: string, @Param('findingId') f: string, @Param('action') action: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.findingActionPage(p, f, action), form, async (body: Answers) => {
      await this.commands.execute(commandFor(action as FindingAction, p, f, body, context));
      return `/programmes/${p}/findings/${f}?done=${action}`;
    });
  }

  // What each form is.

  private async raiseFindingPage(programmeId: string): Promise<FormPage<RaiseFindingRequest>> {
    const { programme } = await this.forms.present(programmeId);
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
    const { programme, item } = await this.forms.itemOf(programmeId, register, itemId);
    return {
      spec: { fields: FINDING_FIELDS, request: RaiseFindingRequest },
      title: `Raise a finding about ${item.reference}`,
      caption: programme.name,
      submit: 'Raise the finding',
      back: `/programmes/${programmeId}/registers/${register}/${itemId}`,
      requestOf: (answers) => ({ ...answers, itemId }),
    };
  }

  private async findingActionPage(programmeId: string, findingId: string, action: string): Promise<FormPage<Answers>> {
    if (!isFindingAction(action)) throw new NotFoundError('page', action);
    const { programme, finding } = await this.forms.findingOf(programmeId, findingId);
    const { title, fields, request, submit } = FINDING_ACTIONS[action];
    const intro = action === 'close' ? fourEyesHint(finding.severity, (await this.forms.facts.read(programmeId)).settings.fourEyes) : undefined;
    return { spec: { fields, request: request as new () => Answers }, title, caption: `${programme.name}: ${finding.title}`, ...(intro ? { intro } : {}), submit, back: `/programmes/${programmeId}/findings/${findingId}` };
  }

  private async raise(programmeId: string, body: RaiseFindingRequest, context: RequestContext): Promise<string> {
    const findingId = newIdFor('finding', programmeId, context);
    await this.commands.execute(RaiseFindingCommand.fromRequest(programmeId, findingId, body, context));
    return `/programmes/${programmeId}/findings/${findingId}?done=raised`;
  }
}

type FindingAction = 'evidence' | 'mitigate' | 'resolve' | 'close' | 'reopen';

/** The API's own command for each action, from the answers its request class has checked. */
function commandFor(action: FindingAction, p: string, f: string, body: Answers, context: RequestContext) {
  const effectiveAt = effectiveInstant(body.effectiveAt as string | undefined);
  switch (action) {
    case 'evidence':
      return new AddFindingEvidenceCommand(p, f, evidenceOf((body as unknown as AddFindingEvidenceRequest).evidence), effectiveAt, context);
    case 'mitigate':
      return new MitigateFindingCommand(p, f, (body as unknown as MitigateFindingRequest).note, effectiveAt, context);
    case 'resolve':
      return ResolveFindingCommand.fromRequest(p, f, body as unknown as ResolveFindingRequest, context);
    case 'close':
      return new CloseFindingCommand(p, f, (body as unknown as CloseFindingRequest).note, effectiveAt, context);
    case 'reopen':
      return new ReopenFindingCommand(p, f, (body as unknown as ReopenFindingRequest).reason, effectiveAt, context);
  }
}

/** The close form says when four eyes apply, before anyone tries. */
export function fourEyesHint(severity: string, fourEyes: readonly string[]): string | undefined {
  return fourEyes.includes(severity)
    ? `Four eyes: this is a ${severity} finding, so the person who resolved it may not also close it. Another adviser verifies the resolution and closes it (a policy of this programme).`
    : undefined;
}
const FINDING_ACTIONS: Record<FindingAction, { title: string; fields: readonly Field[]; request: new () => object; submit: string }> = {
  evidence: {
    title: 'Add evidence',
    fields: [{ kind: 'evidence', name: 'evidence', label: 'Evidence', hint: 'Earlier evidence stays on the finding' }],
    request: AddFindingEvidenceRequest,
    submit: 'Add the evidence',
  },
  mitigate: {
    title: 'Record a mitigation',
    fields: [{ kind: 'textarea', name: 'note', label: 'How the risk is reduced meanwhile', hint: 'For example, an interim licence. The finding stays open until it is put right' }],
    request: MitigateFindingRequest,
    submit: 'Record the mitigation',
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
  reopen: {
    title: 'Reopen the finding',
    fields: [{ kind: 'textarea', name: 'reason', label: 'Why it is open again', hint: 'For example, the fix did not hold. It counts towards readiness again' }],
    request: ReopenFindingRequest,
    submit: 'Reopen the finding',
  },
};
const isFindingAction = (action: string): action is FindingAction => Object.hasOwn(FINDING_ACTIONS, action);

