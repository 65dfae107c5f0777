import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { DELIVERY_MODELS, NotFoundError, REGIONS } from '@tracker/domain';
import { AccessDirectory } from '@tracker/read-models';
import { AdministratorsOnly } from '../../access/auth/permissions';
import { actorOf } from '../../access/auth/auth.guard';
import { Field } from '../../shared/forms';
import { Context, RequestContext } from '../../shared/request-context';
import { words } from '../../shared/words';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';
import { PORTFOLIO_READS, PortfolioAccessRequest, SetPortfolioAccessCommand, scopeOf } from '../portfolio-access';

const READS_WORDS: Record<(typeof PORTFOLIO_READS)[number], string> = {
  all: 'Every programme (a department’s portfolio viewer)',
  region: 'The programmes of one region (a portfolio lead)',
  'delivery-model': 'The programmes of one delivery model (a portfolio lead)',
  none: 'None beyond their memberships',
};

const FIELDS: readonly Field[] = [
  { kind: 'radios', name: 'reads', label: 'What may they read across programmes?', hint: 'Read-only, whatever is chosen: they change nothing in a programme they are not a member of', choices: PORTFOLIO_READS.map((value) => ({ value, text: READS_WORDS[value] })) },
  { kind: 'select', name: 'region', label: 'Region (with “one region”)', choices: REGIONS.map((value) => ({ value, text: words(value) })), empty: 'None' },
  { kind: 'select', name: 'deliveryModel', label: 'Delivery model (with “one delivery model”)', choices: DELIVERY_MODELS.map((value) => ({ value, text: words(value) })), empty: 'None' },
];

/** An administrator sets what a person may read across programmes, as the API does. */
@UseFilters(PageErrorFilter)
@AdministratorsOnly()
@Controller('admin/users/:userId/portfolio-access')
export class PortfolioAccessPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
    private readonly directory: AccessDirectory,
  ) {}

  @Get()
  form(@Param('userId') userId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = this.page(userId);
    return this.forms.show(reply, request, { section: 'users' }, page, page.defaults ?? {});
  }

  @Post()
  async set(@Param('userId') userId: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, { section: 'users' }, this.page(userId), form, async (body: PortfolioAccessRequest) => {
      await this.commands.execute(new SetPortfolioAccessCommand(userId, scopeOf(body), context, actorOf(request.principal)));
      return `/admin/users/${userId}?done=portfolio-access`;
    });
  }

  private page(userId: string): FormPage<PortfolioAccessRequest> {
    const user = this.directory.userById(userId);
    if (!user) throw new NotFoundError('user', userId);
    const scope = this.directory.portfolioScopeOf(userId);
    const reads = scope === undefined ? 'none' : scope.all ? 'all' : scope.region ? 'region' : 'delivery-model';
    return {
      spec: { fields: FIELDS, request: PortfolioAccessRequest },
      title: `Portfolio access for ${user.name}`,
      caption: user.email,
      intro: 'What they may read in the portfolio and in each programme it covers, as an auditor reads, besides the programmes they are members of. Every such read is logged with who read what.',
      submit: 'Save the access',
      back: `/admin/users/${userId}`,
      defaults: { reads, ...(scope?.region ? { region: scope.region } : {}), ...(scope?.deliveryModel ? { deliveryModel: scope.deliveryModel } : {}) },
    };
  }
}
