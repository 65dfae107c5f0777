import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { DomainError, InvalidCommandError, MONEY_CATEGORIES, NotFoundError, PAYMENT_TIMINGS, baselineYearsOf, costModelYearsOf, isIncomeCategory, poundsOf } from '@tracker/domain';
import { moneyPictureOf } from '@tracker/readiness';
import { Advisers, Board, Readers } from '../../access/auth/permissions';
import { ProgrammeViews } from '../../readiness/programme-views';
import { Context, RequestContext } from '../../shared/request-context';
import { Field } from '../../shared/forms';
import { words } from '../../shared/words';
import {
  BaselineLineRequest,
  CostModelAgreementRequest,
  CostModelLineRequest,
  FacilityRequest,
  MoneyCommand,
  PaymentProfileRequest,
  RemovalRequest,
  agreementCommand,
  baselineLineCommand,
  baselineLineId,
  costModelLineCommand,
  costModelLineId,
} from '../commands/money/money';
import { PageErrorFilter } from '../../web/page-error.filter';
import { PageRequest, pastDayOf, programmePageContext } from '../../web/page-context';
import { Renderer } from '../../web/renderer';
import { Answers, FormPage, FormPages } from '../../web/form-page';
import { cashFlowChart, reconciliationChart } from './money-charts';
import { importMoney } from '../commands/money/money-spreadsheets';
import { MONEY_COLUMNS } from '../money-spreadsheet';
import { ImportRefusedError } from '../../spreadsheets/import-refused.error';
import { SpreadsheetTooLargeError } from '../../spreadsheets/workbook-guard';

const categoryField: Field = {
  kind: 'select',
  name: 'category',
  label: 'Category',
  hint: 'A cost, or income: the trust’s own income, the contract sum from the council, or another grant',
  choices: MONEY_CATEGORIES.map((c) => ({ value: c, text: `${words(c)}${isIncomeCategory(c) ? ' (income)' : ''}` })),
};
const yearField = (years: readonly string[], hint: string): Field => ({ kind: 'select', name: 'financialYear', label: 'Financial year', hint, choices: years.map((year) => ({ value: year })) });

/**
 * The Money page: the baseline, the cost model year by year reconciled against it and against
 * income and the contract sum, buy-back against the envelope and each SLA's budget against its
 * price, the board's agreement, and the cash-flow forecast with the facility — with a form for
 * each job: a line added or changed or removed, the facility, the payment profile, the board's agreement.
 */
@UseFilters(PageErrorFilter)
@Controller('programmes/:programmeId/money')
export class MoneyPagesController {
  constructor(
    private readonly views: ProgrammeViews,
    private readonly renderer: Renderer,
    private readonly forms: FormPages,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @Readers()
  async page(@Param('programmeId') programmeId: string, @Query() query: { asOf?: string }, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { at, asOf } = pastDayOf(query);
    const { view, readiness } = await this.views.judged(programmeId, at);
    const picture = moneyPictureOf({ goLiveDate: view.programme.goLiveDate, money: view.money, items: view.items, buyBack: view.buyBack, envelopes: view.envelopes });
    const budgets = readiness.areas.find((a) => a.area === 'budgets');
    const blockers = readiness.blockers.filter((b) => b.area === 'budgets' || b.ruleId === 'slas.budget-covers-price');
    return this.renderer.send(reply, 'pages/money.njk', {
      ...programmePageContext(request, programmeId, asOf),
      title: `Money: ${view.programme.name}`,
      programme: view.programme,
      picture,
      money: view.money,
      rating: budgets?.rating ?? null,
      blockers,
      chart: reconciliationChart(picture.years),
      cashChart: picture.cashFlow ? cashFlowChart(picture.cashFlow) : undefined,
      baselineLines: Object.entries(view.money.baseline).map(([lineId, line]) => ({ lineId, ...line })).sort((a, b) => a.financialYear.localeCompare(b.financialYear) || a.reference.localeCompare(b.reference)),
    });
  }

  // A cost-model line: added, changed, removed.

  @Get('cost-model-lines/new')
  @Advisers()
  async newLineForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.costLinePage(p));
  }

  @Post('cost-model-lines/new')
  @Advisers()
  async newLine(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.costLinePage(p), form, async (body: CostModelLineRequest) => {
      await this.commands.execute(new MoneyCommand(p, costModelLineCommand(costModelLineId(p, body.reference), body), context));
      return `/programmes/${p}/money?done=cost-model-line#year-${body.financialYear}`;
    });
  }

  @Get('cost-model-lines/:lineId')
  @Advisers()
  async lineForm(@Param('programmeId') p: string, @Param('lineId') lineId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const { page, values } = await this.costLinePage(p, lineId).then((page) => ({ page, values: page.defaults ?? {} }));
    return this.forms.show(reply, request, p, page, values);
  }

  @Post('cost-model-lines/:lineId')
  @Advisers()
  async changeLine(@Param('programmeId') p: string, @Param('lineId') lineId: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.costLinePage(p, lineId), form, async (body: CostModelLineRequest) => {
      await this.commands.execute(new MoneyCommand(p, costModelLineCommand(lineId, body), context));
      return `/programmes/${p}/money?done=cost-model-line#year-${body.financialYear}`;
    });
  }

  @Get('cost-model-lines/:lineId/removal')
  @Advisers()
  async removeLineForm(@Param('programmeId') p: string, @Param('lineId') lineId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.removalPage(p, lineId, 'cost-model'));
  }

  @Post('cost-model-lines/:lineId/removal')
  @Advisers()
  async removeLine(@Param('programmeId') p: string, @Param('lineId') lineId: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.removalPage(p, lineId, 'cost-model'), form, async (body: RemovalRequest) => {
      await this.commands.execute(new MoneyCommand(p, { type: 'RemoveCostModelLine', data: { lineId, reason: body.reason } }, context));
      return `/programmes/${p}/money?done=line-removed`;
    });
  }

  // A baseline line.

  @Get('baseline-lines/new')
  @Advisers()
  async newBaselineForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.baselinePage(p));
  }

  @Post('baseline-lines/new')
  @Advisers()
  async newBaseline(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.baselinePage(p), form, async (body: BaselineLineRequest) => {
      await this.commands.execute(new MoneyCommand(p, baselineLineCommand(baselineLineId(p, body.reference), body), context));
      return `/programmes/${p}/money?done=baseline-line#baseline`;
    });
  }

  @Get('baseline-lines/:lineId/removal')
  @Advisers()
  async removeBaselineForm(@Param('programmeId') p: string, @Param('lineId') lineId: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.removalPage(p, lineId, 'baseline'));
  }

  @Post('baseline-lines/:lineId/removal')
  @Advisers()
  async removeBaseline(@Param('programmeId') p: string, @Param('lineId') lineId: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.removalPage(p, lineId, 'baseline'), form, async (body: RemovalRequest) => {
      await this.commands.execute(new MoneyCommand(p, { type: 'RemoveBaselineLine', data: { lineId, reason: body.reason } }, context));
      return `/programmes/${p}/money?done=line-removed#baseline`;
    });
  }

  // The facility, the payment profile, the board's agreement.

  @Get('facility')
  @Advisers()
  async facilityForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.facilityPage(p);
    return this.forms.show(reply, request, p, page, page.defaults ?? {});
  }

  @Post('facility')
  @Advisers()
  async setFacility(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.facilityPage(p), form, async ({ amount, ...rest }: FacilityRequest) => {
      await this.commands.execute(new MoneyCommand(p, { type: 'SetWorkingCapitalFacility', data: { ...rest, amountPence: Math.round(amount * 100) } }, context));
      return `/programmes/${p}/money?done=facility#cash`;
    });
  }

  @Get('payment-profile')
  @Advisers()
  async profileForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.profilePage(p);
    return this.forms.show(reply, request, p, page, page.defaults ?? {});
  }

  @Post('payment-profile')
  @Advisers()
  async setProfile(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.profilePage(p), form, async (body: PaymentProfileRequest) => {
      await this.commands.execute(new MoneyCommand(p, { type: 'SetContractPaymentProfile', data: { timing: body.timing } }, context));
      return `/programmes/${p}/money?done=payment-profile#cash`;
    });
  }

  @Get('agreement')
  @Board()
  async agreementForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.agreementPage(p));
  }

  @Post('agreement')
  @Board()
  async agree(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.submit(reply, request, p, await this.agreementPage(p), form, async (body: CostModelAgreementRequest) => {
      await this.commands.execute(new MoneyCommand(p, agreementCommand(body), context));
      return `/programmes/${p}/money?done=cost-model-agreed`;
    });
  }

  // Lines from a spreadsheet.

  @Get('import')
  @Advisers()
  async importForm(@Param('programmeId') p: string, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    return this.forms.show(reply, request, p, await this.importPage(p));
  }

  @Post('import')
  @Advisers()
  async import(@Param('programmeId') p: string, @Body() form: Answers, @Context() context: RequestContext, @Req() request: PageRequest, @Res() reply: FastifyReply) {
    const page = await this.importPage(p);
    const file = (form ?? {}).file;
    const refuse = (errors: { text: string }[], status: number) => this.forms.show(reply, request, p, page, {}, errors.map((e) => ({ field: 'file', text: e.text, href: '#file' })), status);
    if (!Buffer.isBuffer(file) || file.length === 0) return refuse([{ text: 'Select the spreadsheet (CSV or XLSX) to import' }], 400);
    try {
      const { lines } = await importMoney(this.commands, p, file, context);
      return reply.redirect(`/programmes/${p}/money?done=imported&lines=${lines}`, 303);
    } catch (error) {
      if (error instanceof ImportRefusedError) {
        const shown = error.problems.slice(0, 20).map((q) => ({ text: `Row ${q.row}, ${q.column}${q.value ? ` (“${q.value}”)` : ''}: ${q.problem}` }));
        const more = error.totalProblems - shown.length;
        return refuse([{ text: `Nothing was imported: ${error.message.replace(/; nothing was recorded\.$/, '')}.` }, ...shown, ...(more > 0 ? [{ text: `and ${more.toLocaleString('en-GB')} more` }] : [])], 422);
      }
      if (error instanceof DomainError && !(error instanceof NotFoundError)) return refuse([{ text: error instanceof InvalidCommandError ? error.problems.map((q) => `The file ${q.problem}`).join('; ') : error.message }], 400);
      if (error instanceof SpreadsheetTooLargeError) return refuse([{ text: error.message }], 413);
      throw error;
    }
  }

  // What each form is.

  private async importPage(programmeId: string): Promise<FormPage<object>> {
    const { programme } = await this.forms.present(programmeId);
    return {
      spec: { fields: [{ kind: 'file', name: 'file', label: 'The spreadsheet', hint: `CSV or XLSX with the columns ${MONEY_COLUMNS.join(', ')} — as the Money page’s download writes them. Kind is Baseline or Cost model; a reference already recorded changes that line` }], request: Object },
      title: 'Import baseline and cost model lines',
      caption: programme.name,
      intro: 'Every line is checked first: if any is wrong, nothing is imported and each problem is listed by its row and column.',
      submit: 'Import the lines',
      back: `/programmes/${programmeId}/money`,
      multipart: true,
    };
  }

  private async costLinePage(programmeId: string, lineId?: string): Promise<FormPage<CostModelLineRequest>> {
    const view = await this.forms.present(programmeId);
    const line = lineId === undefined ? undefined : view.money.costModel[lineId];
    if (lineId !== undefined && line === undefined) throw new NotFoundError('cost model line', lineId);
    const years = costModelYearsOf(view.programme.goLiveDate);
    const fields: Field[] = [
      ...(line ? [] : [{ kind: 'text', name: 'reference', label: 'Reference', hint: 'The line’s own name in the cost model, for example CM-STAFF-01. The same reference again changes that line' } as Field]),
      yearField(years, `April to March. Year one (${years[0]}) is the year go-live falls in`),
      categoryField,
      { kind: 'text', name: 'description', label: 'What it is for', hint: 'For example, Social workers, 42 FTE' },
      { kind: 'money', name: 'amount', label: 'Amount for the year', hint: 'In pounds, never negative: income and the contract sum are positive amounts in their own categories' },
      { kind: 'textarea', name: 'assumption', label: 'Assumption (optional)', hint: 'What the figure rests on, for example 42 FTE at 2026-27 pay scales plus 3%' },
      { kind: 'textarea', name: 'notes', label: 'Notes (optional)' },
    ];
    return {
      spec: { fields, request: CostModelLineRequest },
      title: line ? `Change cost model line ${line.reference}` : 'Add a cost model line',
      caption: view.programme.name,
      intro: line ? 'The change is kept in the history; once the board has agreed the cost model, a change to year one needs agreeing again.' : undefined,
      submit: line ? 'Save the line' : 'Add the line',
      back: `/programmes/${programmeId}/money`,
      ...(line ? { requestOf: (answers: Answers) => ({ ...answers, reference: line.reference }) } : {}),
      ...(line
        ? { defaults: { financialYear: line.financialYear, category: line.category, description: line.description, amount: String(poundsOf(line.amountPence)), ...(line.assumption ? { assumption: line.assumption } : {}), ...(line.notes ? { notes: line.notes } : {}) } }
        : {}),
    };
  }

  private async baselinePage(programmeId: string): Promise<FormPage<BaselineLineRequest>> {
    const { programme } = await this.forms.present(programmeId);
    const years = baselineYearsOf(programme.goLiveDate);
    return {
      spec: {
        fields: [
          { kind: 'text', name: 'reference', label: 'Reference', hint: 'The line’s own name, for example the ledger code. The same reference again changes that line' },
          yearField(years, 'The council’s budget for a year before go-live'),
          { kind: 'text', name: 'costCentre', label: 'Cost centre', hint: 'As the council’s ledger names it, for example C1234 Fostering' },
          categoryField,
          { kind: 'text', name: 'description', label: 'What it is for' },
          { kind: 'money', name: 'amount', label: 'Amount for the year', hint: 'In pounds, never negative' },
        ],
        request: BaselineLineRequest,
      },
      title: 'Add a baseline line',
      caption: programme.name,
      intro: 'The council’s current budget for the service, line by line from its ledger: what the cost model is compared with.',
      submit: 'Add the line',
      back: `/programmes/${programmeId}/money#baseline`,
    };
  }

  private async removalPage(programmeId: string, lineId: string, of: 'cost-model' | 'baseline'): Promise<FormPage<RemovalRequest>> {
    const view = await this.forms.present(programmeId);
    const line = of === 'cost-model' ? view.money.costModel[lineId] : view.money.baseline[lineId];
    if (line === undefined) throw new NotFoundError(of === 'cost-model' ? 'cost model line' : 'baseline line', lineId);
    return {
      spec: { fields: [{ kind: 'textarea', name: 'reason', label: 'Why it goes' }], request: RemovalRequest },
      title: `Remove ${of === 'cost-model' ? 'cost model' : 'baseline'} line ${line.reference}`,
      caption: view.programme.name,
      intro: `${line.description}, ${line.financialYear}. The line and your reason stay in the history.`,
      submit: 'Remove the line',
      back: `/programmes/${programmeId}/money`,
    };
  }

  private async facilityPage(programmeId: string): Promise<FormPage<FacilityRequest>> {
    const view = await this.forms.present(programmeId);
    const f = view.money.facility;
    return {
      spec: {
        fields: [
          { kind: 'money', name: 'amount', label: 'Amount', hint: 'In pounds: the most the trust may draw' },
          { kind: 'text', name: 'lender', label: 'Lender', hint: 'For example, Northshire County Council' },
          { kind: 'textarea', name: 'drawdown', label: 'Drawdown', hint: 'How and when it may be drawn' },
          { kind: 'textarea', name: 'repaymentTerms', label: 'Repayment terms', hint: 'For example, repayable within 30 days of the final contract payment' },
        ],
        request: FacilityRequest,
      },
      title: 'Set the working-capital facility',
      caption: view.programme.name,
      submit: 'Save the facility',
      back: `/programmes/${programmeId}/money#cash`,
      ...(f ? { defaults: { amount: String(poundsOf(f.amountPence)), lender: f.lender, drawdown: f.drawdown, repaymentTerms: f.repaymentTerms } } : {}),
    };
  }

  private async profilePage(programmeId: string): Promise<FormPage<PaymentProfileRequest>> {
    const view = await this.forms.present(programmeId);
    return {
      spec: {
        fields: [
          {
            kind: 'radios',
            name: 'timing',
            label: 'When does the council pay each month’s share of the contract sum?',
            choices: PAYMENT_TIMINGS.map((t) => ({ value: t, text: t === 'monthly-in-advance' ? 'Monthly in advance (at the start of the month)' : 'Monthly in arrears (at the end of the month, received the month after)' })),
          },
        ],
        request: PaymentProfileRequest,
      },
      title: 'Set the contract’s payment profile',
      caption: view.programme.name,
      intro: 'The cash-flow forecast receives the contract sum as this says; until it is set the forecast assumes monthly in arrears, the harder case.',
      submit: 'Save the payment profile',
      back: `/programmes/${programmeId}/money#cash`,
      ...(view.money.paymentTiming ? { defaults: { timing: view.money.paymentTiming } } : {}),
    };
  }

  private async agreementPage(programmeId: string): Promise<FormPage<CostModelAgreementRequest>> {
    const view = await this.forms.present(programmeId);
    const picture = moneyPictureOf({ goLiveDate: view.programme.goLiveDate, money: view.money, items: view.items, buyBack: view.buyBack, envelopes: view.envelopes });
    const deficits = picture.years.filter((y) => y.hasLines && y.surplus < 0);
    const fields: Field[] = [
      { kind: 'text', name: 'agreedBy', label: 'The body that agreed it', hint: 'For example, Shadow Trust Board' },
      ...deficits.map((y): Field => ({ kind: 'textarea', name: `deficit-${y.financialYear}`, label: `Why the board accepts the ${y.financialYear} deficit (optional)`, hint: `Expenditure exceeds income by £${poundsOf(-y.surplus).toLocaleString('en-GB')}. Leave empty if the board does not accept it`, group: { name: 'deficitsAccepted', label: 'The deficits accepted' } })),
    ];
    const lines = Object.keys(view.money.costModel).length;
    return {
      spec: { fields, request: CostModelAgreementRequest },
      title: 'Agree the cost model',
      caption: view.programme.name,
      intro: `The board agrees the cost model as it stands now: ${lines} line${lines === 1 ? '' : 's'} over ${picture.years.filter((y) => y.hasLines).length} year(s)${picture.agreement ? `, as version ${picture.agreement.version + 1} (version ${picture.agreement.version} was agreed on ${picture.agreement.agreedOn})` : ''}. A line changed afterwards needs agreeing again.`,
      submit: 'Agree the cost model',
      back: `/programmes/${programmeId}/money`,
      requestOf: (answers) => {
        const { agreedBy, ...rest } = answers;
        const accepted = Object.entries(rest).filter(([name, reason]) => name.startsWith('deficit-') && typeof reason === 'string' && reason.trim() !== '');
        return { agreedBy, ...(accepted.length > 0 ? { deficitsAccepted: accepted.map(([name, reason]) => ({ financialYear: name.slice('deficit-'.length), reason })) } : {}) };
      },
    };
  }
}
