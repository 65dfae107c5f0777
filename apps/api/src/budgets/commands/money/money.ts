import { Body, Controller, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { CommandBus, CommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { BudgetCommand, MONEY_CATEGORIES, MoneyCategory, PAYMENT_TIMINGS, PaymentTiming, budgetStreamId, budgetsDecider, penceOf } from '@tracker/domain';
import { Advisers, Board } from '../../../access/auth/permissions';
import { uuidFromHash } from '../../../shared/ids';
import { Issued, ProgrammeCommand, ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { Context, RequestContext } from '../../../shared/request-context';
import { EffectiveAt, Money, OneOf, Text, effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { FinancialYear } from '../../financial-year.validation';

/* ---------- what each write takes ---------- */

export class CostModelLineRequest {
  /** The line's own stable name in the cost model: sending the same reference again amends that line. */
  @Text(100, { description: 'the line’s stable reference in the cost model, e.g. CM-STAFF-01; the same reference again amends the line', example: 'CM-STAFF-01' })
  reference!: string;

  @FinancialYear('the financial year, April to March: year one (the year go-live falls in) or one of the four after it')
  financialYear!: string;

  @OneOf(MONEY_CATEGORIES, { description: 'what the line is: a cost (staff … other-running-costs) or income (income, contract-sum, other-grants), each a positive amount' })
  category!: MoneyCategory;

  @Text(500, { description: 'what the line pays for, or brings in', example: 'Social workers, 42 FTE' })
  description!: string;

  @Money({ description: 'pounds for the year, never negative: income and the contract sum are positive amounts in their own categories', example: 1850000 })
  amount!: number;

  @Text(1000, { optional: true, description: 'what the figure rests on', example: '42 FTE at 2026-27 pay scales plus 3%' })
  assumption?: string;

  @Text(2000, { optional: true })
  notes?: string;

  @EffectiveAt()
  effectiveAt?: string;
}

export class BaselineLineRequest {
  @Text(100, { description: 'the line’s stable reference, e.g. the ledger code; the same reference again amends the line', example: 'BL-C1234-27' })
  reference!: string;

  @FinancialYear('a financial year of the council’s budget before go-live (the three before year one)')
  financialYear!: string;

  @Text(100, { description: 'the ledger’s cost centre', example: 'C1234 Fostering' })
  costCentre!: string;

  @OneOf(MONEY_CATEGORIES)
  category!: MoneyCategory;

  @Text(500, { example: 'Fostering allowances' })
  description!: string;

  @Money({ description: 'pounds for the year, never negative', example: 2400000 })
  amount!: number;

  @EffectiveAt()
  effectiveAt?: string;
}

export class RemovalRequest {
  @Text(1000, { description: 'why the line goes; the line and the reason stay in the history' })
  reason!: string;
}

export class DeficitAcceptance {
  @FinancialYear()
  financialYear!: string;

  @Text(1000, { description: 'why the board accepts the deficit', example: 'Met from the council’s transition reserve, agreed 12 February' })
  reason!: string;
}

export class CostModelAgreementRequest {
  @Text(200, { description: 'the body that agreed it', example: 'Shadow Trust Board' })
  agreedBy!: string;

  @ApiPropertyOptional({ type: [DeficitAcceptance], description: 'each year’s deficit the board accepts, with its reason' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsArray({ message: 'must be a list of years with their reasons' })
  @ArrayMaxSize(10, { message: 'must list at most 10 years' })
  @IsObject({ each: true, message: 'must list each year as an object with financialYear and reason' })
  @ValidateNested({ each: true })
  @Type(() => DeficitAcceptance)
  deficitsAccepted?: DeficitAcceptance[];
}

export class FacilityRequest {
  @Money({ description: 'pounds the trust may draw', example: 1500000 })
  amount!: number;

  @Text(200, { example: 'Northshire County Council' })
  lender!: string;

  @Text(1000, { description: 'how and when it may be drawn', example: 'On five working days’ notice, in tranches of at least £100,000' })
  drawdown!: string;

  @Text(1000, { example: 'Repayable within 30 days of the final contract payment' })
  repaymentTerms!: string;
}

export class PaymentProfileRequest {
  @OneOf(PAYMENT_TIMINGS, { description: 'when the council pays each month’s twelfth of the contract sum' })
  timing!: PaymentTiming;
}

/* ---------- one command for every money write ---------- */

/** A write to the programme's money: one budgets command, decided on the budgets stream. */
export class MoneyCommand extends ProgrammeCommand {
  readonly effectiveAt: string | undefined;
  constructor(
    readonly programmeId: string,
    readonly command: Issued<BudgetCommand>,
    readonly context: RequestContext,
    /** When a line became true, if not when it is recorded (a calendar day or an instant). */
    effectiveAt?: string,
  ) {
    super();
    this.effectiveAt = effectiveInstant(effectiveAt);
  }
}

@CommandHandler(MoneyCommand)
export class MoneyHandler extends ProgrammeCommandHandler<MoneyCommand> {
  onStream({ programmeId, command }: MoneyCommand) {
    return onStream(budgetsDecider, budgetStreamId(programmeId), command);
  }
}

/** A line's id follows from its reference, so the same reference again amends that line rather than adding another. */
export const costModelLineId = (programmeId: string, reference: string) => uuidFromHash(`cost-model-line\n${programmeId}\n${reference.trim().toUpperCase()}`);
export const baselineLineId = (programmeId: string, reference: string) => uuidFromHash(`baseline-line\n${programmeId}\n${reference.trim().toUpperCase()}`);

// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const costModelLineCommand = (lineId: string, { amount, effectiveAt, ...line }: CostModelLineRequest): Issued<BudgetCommand> => ({ type: 'RecordCostModelLine', data: { lineId, ...line, amountPence: penceOf(amount) } });
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export const baselineLineCommand = (lineId: string, { amount, effectiveAt, ...line }: BaselineLineRequest): Issued<BudgetCommand> => ({ type: 'RecordBaselineLine', data: { lineId, ...line, amountPence: penceOf(amount) } });
export const agreementCommand = ({ agreedBy, deficitsAccepted }: CostModelAgreementRequest): Issued<BudgetCommand> => ({
  type: 'AgreeCostModel',
  data: { agreedBy, deficitsAccepted: Object.fromEntries((deficitsAccepted ?? []).map((d) => [d.financialYear, d.reason])) },
});

/* ---------- the routes ---------- */

const run = async (bus: CommandBus, reply: FastifyReply, id: string, programmeId: string, command: Issued<BudgetCommand>, context: RequestContext, effectiveAt?: string): Promise<WriteResponse> =>
  writeResponse(reply, id, await bus.execute(new MoneyCommand(programmeId, command, context, effectiveAt)));

/** The baseline, the cost model's lines, the facility and the payment profile: the advisers'. */
@Advisers()
@Controller('api/programmes/:programmeId/budgets')
export class MoneyHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post('cost-model-lines')
  @HttpCode(200)
  costModelLine(@Param('programmeId') programmeId: string, @Body() body: CostModelLineRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const lineId = costModelLineId(programmeId, body.reference);
    return run(this.commands, reply, lineId, programmeId, costModelLineCommand(lineId, body), context, body.effectiveAt);
  }

  @Post('cost-model-lines/:reference/removal')
  @HttpCode(200)
  removeCostModelLine(@Param('programmeId') programmeId: string, @Param('reference') reference: string, @Body() body: RemovalRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const lineId = costModelLineId(programmeId, reference);
    return run(this.commands, reply, lineId, programmeId, { type: 'RemoveCostModelLine', data: { lineId, reason: body.reason } }, context);
  }

  @Post('baseline-lines')
  @HttpCode(200)
  baselineLine(@Param('programmeId') programmeId: string, @Body() body: BaselineLineRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const lineId = baselineLineId(programmeId, body.reference);
    return run(this.commands, reply, lineId, programmeId, baselineLineCommand(lineId, body), context, body.effectiveAt);
  }

  @Post('baseline-lines/:reference/removal')
  @HttpCode(200)
  removeBaselineLine(@Param('programmeId') programmeId: string, @Param('reference') reference: string, @Body() body: RemovalRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const lineId = baselineLineId(programmeId, reference);
    return run(this.commands, reply, lineId, programmeId, { type: 'RemoveBaselineLine', data: { lineId, reason: body.reason } }, context);
  }

  @Put('facility')
  @HttpCode(200)
  facility(@Param('programmeId') programmeId: string, @Body() body: FacilityRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    const { amount, ...rest } = body;
    return run(this.commands, reply, programmeId, programmeId, { type: 'SetWorkingCapitalFacility', data: { ...rest, amountPence: penceOf(amount) } }, context);
  }

  @Put('payment-profile')
  @HttpCode(200)
  paymentProfile(@Param('programmeId') programmeId: string, @Body() body: PaymentProfileRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return run(this.commands, reply, programmeId, programmeId, { type: 'SetContractPaymentProfile', data: { timing: body.timing } }, context);
  }
}

/** The board agrees the cost model as it stands: a new version, with any deficit it accepts. */
@Board()
@Controller('api/programmes/:programmeId/budgets/cost-model/agreement')
export class CostModelAgreementHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  agree(@Param('programmeId') programmeId: string, @Body() body: CostModelAgreementRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    return run(this.commands, reply, programmeId, programmeId, agreementCommand(body), context);
  }
}
