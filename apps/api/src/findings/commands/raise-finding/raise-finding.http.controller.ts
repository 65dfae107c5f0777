import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { newIdFor } from '../../../shared/ids';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RaiseFindingCommand } from './raise-finding.command';
import { RaiseFindingRequest } from './raise-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class RaiseFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async raise(
    @Param('programmeId') programmeId: string,
    @Body() body: RaiseFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    // A retried request with the same Idempotency-Key must name the same finding.
    const findingId = newIdFor('finding', programmeId, context);
    const result = await this.commands.execute(RaiseFindingCommand.fromRequest(programmeId, findingId, body, context));
    void reply.header('location', `/api/programmes/${programmeId}/findings/${findingId}`);
    return writeResponse(reply, findingId, result);
  }
}
