import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { SetBuyBackBudgetCommand } from './set-buy-back-budget.command';
import { SetBuyBackBudgetRequest } from './set-buy-back-budget.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** Setting a budget is idempotent: the same amount again records nothing and answers the same version. */
@Advisers()
@Controller('api/programmes/:programmeId/budgets/buy-back')
export class SetBuyBackBudgetHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  async set(
    @Param('programmeId') programmeId: string,
    @Body() body: SetBuyBackBudgetRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, body.slaId, await this.commands.execute(new SetBuyBackBudgetCommand(programmeId, body, context)));
  }
}
