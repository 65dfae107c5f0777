import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { MitigateFindingCommand } from './mitigate-finding.command';
import { MitigateFindingRequest } from './mitigate-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class MitigateFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':findingId/mitigate')
  @HttpCode(200)
  async mitigate(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Body() body: MitigateFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new MitigateFindingCommand(programmeId, findingId, body.note, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, findingId, await this.commands.execute(command));
  }
}
