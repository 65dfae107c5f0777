import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { newIdFor } from '../../../shared/ids';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RecordDecisionCommand } from './record-decision.command';
import { RecordDecisionRequest } from './record-decision.request.dto';
import { Board } from '../../../access/auth/permissions';

@Board()
@Controller('api/programmes/:programmeId/decisions')
export class RecordDecisionHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Answers the decision's id and the new version of what it decided (the SLA, the finding or the programme). */
  @Post()
  @HttpCode(201)
  async record(
    @Param('programmeId') programmeId: string,
    @Body() body: RecordDecisionRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const decisionId = newIdFor('decision', programmeId, context);
    const command = new RecordDecisionCommand(programmeId, decisionId, body, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, decisionId, await this.commands.execute(command));
  }
}
