import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { costModelYearsOf } from '@tracker/domain';
import { Advisers } from '../../access/auth/permissions';
import { SetBuyBackBudgetCommand } from '../commands/set-buy-back-budget/set-buy-back-budget.command';
import { SetBuyBackBudgetRequest } from '../commands/set-buy-back-budget/set-buy-back-budget.request.dto';
import { SetBudgetEnvelopeCommand } from '../commands/set-budget-envelope/set-budget-envelope.command';
import { SetBudgetEnvelopeRequest } from '../commands/set-budget-envelope/set-budget-envelope.request.dto';
import { Context, RequestContext } from '../../shared/request-context';
import { Field } from '../../shared/forms';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest } from '../../web/page-context';
import { Answers, FormPage, FormPages } from '../../web/form-page';

const yearField = (goLiveDate: string): Field => ({
  kind: 'select',
  name: 'financialYear',
  label: 'Financial year',
  hint: 'April to March. Year one is the year go-live falls in',
  choices: costModelYearsOf(goLiveDate).map((year, i) => ({ value: year, text: i === 0 ? `${year} (year one)` : year })),
});

/** An adviser sets an SLA's buy-back budget for a year, and the trust's approved envelope for a year: the API's own requests and commands, as forms. */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId')
export class BudgetFormPagesController {
  constructor(
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
  ) {}

  @Get('registers/slas/:itemId/buy-back')
  @Advisers()
  async buyBackForm(@Param('programmeId') programmeId: string, @Param('itemId') itemId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, programmeId, await this.buyBackPage(programmeId, itemId));
  }

  @Post('registers/slas/:itemId/buy-back')
  @Advisers()
  async setBuyBack(@Param('programmeId') programmeId: string, @Param('itemId') itemId: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.buyBackPage(programmeId, itemId);
    return this.forms.submit(reply, request, programmeId, page, form, async (body: SetBuyBackBudgetRequest) => {
      await this.commands.execute(new SetBuyBackBudgetCommand(programmeId, body, context));
      return `${page.back}?done=buy-back`;
    });
  }

  @Get('budgets/envelope')
  @Advisers()
  async envelopeForm(@Param('programmeId') programmeId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, programmeId, await this.envelopePage(programmeId));
  }

  @Post('budgets/envelope')
  @Advisers()
  async setEnvelope(@Param('programmeId') programmeId: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.envelopePage(programmeId);
    return this.forms.submit(reply, request, programmeId, page, form, async (body: SetBudgetEnvelopeRequest) => {
      await this.commands.execute(new SetBudgetEnvelopeCommand(programmeId, body, context));
      return `${page.back}?done=envelope`;
    });
  }

  private async buyBackPage(programmeId: string, itemId: string): Promise<FormPage<SetBuyBackBudgetRequest>> {
    const { programme, item } = await this.forms.itemOf(programmeId, 'slas', itemId);
    const price = typeof item.details.annualPrice === 'number' ? ` Its annual price is £${item.details.annualPrice.toLocaleString('en-GB')}.` : '';
    return {
      spec: {
        fields: [yearField(programme.goLiveDate), { kind: 'money', name: 'amount', label: 'Buy-back budget', hint: `In pounds for the year: what the trust budgets to pay the council for this service.${price} Setting a year again replaces its budget` }],
        request: SetBuyBackBudgetRequest,
      },
      title: 'Set a buy-back budget',
      caption: `${programme.name}: ${item.reference}`,
      submit: 'Set the budget',
      back: `/programmes/${programmeId}/registers/slas/${itemId}`,
      requestOf: (answers) => ({ ...answers, slaId: itemId }),
    };
  }

  private async envelopePage(programmeId: string): Promise<FormPage<SetBudgetEnvelopeRequest>> {
    const { programme } = await this.forms.present(programmeId);
    return {
      spec: {
        fields: [yearField(programme.goLiveDate), { kind: 'money', name: 'amount', label: 'Approved envelope', hint: 'In pounds for the year: the trust’s approved budget the buy-back total must fit inside. Setting a year again replaces it' }],
        request: SetBudgetEnvelopeRequest,
      },
      title: 'Set the buy-back envelope',
      caption: programme.name,
      submit: 'Set the envelope',
      back: `/programmes/${programmeId}`,
    };
  }
}
