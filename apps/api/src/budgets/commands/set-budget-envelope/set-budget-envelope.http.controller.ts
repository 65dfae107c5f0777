import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { SetBudgetEnvelopeCommand } from './set-budget-envelope.command';
import { SetBudgetEnvelopeRequest } from './set-budget-envelope.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** One envelope per programme and year, so the id answered is the programme's. */
@Advisers()
@Controller('api/programmes/:programmeId/budgets/envelopes')
export class SetBudgetEnvelopeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  async set(
    @Param('programmeId') programmeId: string,
    @Body() body: SetBudgetEnvelopeRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, programmeId, await this.commands.execute(new SetBudgetEnvelopeCommand(programmeId, body, context)));
  }
}
