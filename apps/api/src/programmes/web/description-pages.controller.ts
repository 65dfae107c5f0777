import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { DELIVERY_MODELS, REGIONS } from '@tracker/domain';
import { Advisers } from '../../access/auth/permissions';
import { Context, RequestContext } from '../../shared/request-context';
import { Field } from '../../shared/forms';
import { words } from '../../shared/words';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';
import { DescribeProgrammeCommand, ProgrammeDescriptionRequest } from '../commands/describe-programme/describe-programme';

const FIELDS: readonly Field[] = [
  { kind: 'select', name: 'region', label: 'Region (optional)', choices: REGIONS.map((value) => ({ value, text: words(value) })), empty: 'Not said' },
  { kind: 'select', name: 'deliveryModel', label: 'Delivery model (optional)', hint: 'How the service is delivered after the transition', choices: DELIVERY_MODELS.map((value) => ({ value, text: words(value) })), empty: 'Not said' },
  { kind: 'text', name: 'inspectionJudgement', label: 'Inspection judgement that led to it (optional)', hint: 'For example, Ofsted inadequate, January 2025' },
  { kind: 'text', name: 'leadAdviser', label: 'Lead adviser (optional)', hint: 'A named person or team' },
];

/** What the portfolio types a programme by, as a form: the API's own request and command. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId/description')
export class ProgrammeDescriptionPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @Advisers()
  async form(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.page(p);
    return this.forms.show(reply, request, p, page, page.defaults ?? {});
  }

  @Post()
  @Advisers()
  async describe(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.page(p), form, async (body: ProgrammeDescriptionRequest) => {
      await this.commands.execute(new DescribeProgrammeCommand(p, body, context));
      return `/programmes/${p}/settings?done=described`;
    });
  }

  private async page(programmeId: string): Promise<FormPage<ProgrammeDescriptionRequest>> {
    const { programme } = await this.forms.present(programmeId);
    const d = programme.description;
    return {
      spec: { fields: FIELDS, request: ProgrammeDescriptionRequest },
      title: 'Describe the programme',
      caption: programme.name,
      intro: 'What the department’s portfolio filters and compares programmes by. A field left empty is cleared; each change is kept in the programme’s history.',
      submit: 'Save the description',
      back: `/programmes/${programmeId}/settings`,
      defaults: Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as Answers,
    };
  }
}
