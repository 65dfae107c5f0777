import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Board } from '../../../access/auth/permissions';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RecordConditionMetCommand } from './record-condition-met.command';
import { RecordConditionMetRequest } from './record-condition-met.request.dto';

/** The board set the condition, so the board says it is met; advisers bring the evidence in notes and findings. */
@Board()
@Controller('api/programmes/:programmeId/decisions/:decisionId/conditions/:conditionId/met')
export class RecordConditionMetHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Answers the condition's id and the programme's new version. */
  @Post()
  @HttpCode(200)
  async record(
    @Param('programmeId') programmeId: string,
    @Param('decisionId') decisionId: string,
    @Param('conditionId') conditionId: string,
    @Body() body: RecordConditionMetRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new RecordConditionMetCommand(programmeId, decisionId, conditionId, body, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, conditionId, await this.commands.execute(command));
  }
}
