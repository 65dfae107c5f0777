import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { LEGAL_FORMS } from '@tracker/domain';
import { AdministratorsOnly } from '../../access/auth/permissions';
import { newIdFor } from '../../shared/ids';
import { Context, RequestContext } from '../../shared/request-context';
import { Field, choicesOf } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';
import { RegisterProgrammeCommand } from '../commands/register-programme/register-programme.command';
import { RegisterProgrammeRequest } from '../commands/register-programme/register-programme.request.dto';

const FIELDS: readonly Field[] = [
  { kind: 'text', name: 'name', label: 'Name of the programme', hint: 'For example, Northshire children’s services transition' },
  { kind: 'text', name: 'council', label: 'Council' },
  { kind: 'text', name: 'newBody', label: 'The new body', hint: 'For example, Northshire Children’s Trust' },
  { kind: 'select', name: 'legalForm', label: 'Legal form of the new body', choices: choicesOf(LEGAL_FORMS) },
  { kind: 'lines', name: 'servicesInScope', label: 'Services in scope', hint: 'One a line' },
  { kind: 'date', name: 'goLiveDate', label: 'Go-live date', hint: 'After today; provisional until the board confirms it. For example, 1 4 2027' },
  {
    kind: 'date',
    name: 'startedOn',
    label: 'When the programme began (optional)',
    hint: 'For a programme already under way: the day it began, so that its earlier history can be recorded with the dates it happened. Leave empty if it begins today',
  },
  {
    kind: 'yes-no',
    name: 'dayOneChecklist',
    label: 'Start with the day-one checklist?',
    hint: 'Twelve essentials the new body cannot open its doors without (employer’s liability insurance, the ICO fee, a bank account, PAYE, the first payroll, …), added to the governance register; change or add to them afterwards',
    missing: 'Select yes to start with the day-one checklist',
  },
];

const PAGE: FormPage<RegisterProgrammeRequest> = {
  spec: { fields: FIELDS, request: RegisterProgrammeRequest },
  title: 'Register a programme',
  caption: 'Programmes',
  intro: 'A programme is one transition: a council service going live as a new body. Add its members once it is registered.',
  submit: 'Register the programme',
  back: '/programmes',
  defaults: { dayOneChecklist: 'yes' },
};
const PROGRAMMES = { section: 'programmes' };

/** An administrator registers a programme: the API's own request and command, as a form. */
@UseFilters(PageErrorFilter)
@Controller('programmes/new')
export class RegisterProgrammePagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @AdministratorsOnly()
  form(@Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, PROGRAMMES, PAGE);
  }

  @Post()
  @AdministratorsOnly()
  register(@Body() form: Answers | undefined, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, PROGRAMMES, PAGE, form, async (body) => {
      const programmeId = newIdFor('programme', undefined, context);
      await this.commands.execute(new RegisterProgrammeCommand({ programmeId, ...body }, context));
      return `/programmes/${programmeId}?done=programme`;
    });
  }
}
