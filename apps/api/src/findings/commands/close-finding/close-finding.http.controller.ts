import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { CloseFindingCommand } from './close-finding.command';
import { CloseFindingRequest } from './close-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** An adviser verifies a resolved finding and closes it. */
@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class CloseFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':findingId/close')
  @HttpCode(200)
  async close(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Body() body: CloseFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new CloseFindingCommand(programmeId, findingId, body.note, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, findingId, await this.commands.execute(command));
  }
}
