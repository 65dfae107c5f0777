import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { ReopenFindingCommand } from './reopen-finding.command';
import { ReopenFindingRequest } from './reopen-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** Reopens a resolved or closed finding, or one whose risk the board accepted. */
@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class ReopenFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':findingId/reopen')
  @HttpCode(200)
  async reopen(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Body() body: ReopenFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    const command = new ReopenFindingCommand(programmeId, findingId, body.reason, effectiveInstant(body.effectiveAt), context);
    return writeResponse(reply, findingId, await this.commands.execute(command));
  }
}
