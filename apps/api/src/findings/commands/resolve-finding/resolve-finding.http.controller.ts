import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { ResolveFindingCommand } from './resolve-finding.command';
import { ResolveFindingRequest } from './resolve-finding.request.dto';
import { Advisers } from '../../../access/auth/permissions';

/** Resolved is not closed: an adviser verifies the resolution and closes the finding. */
@Advisers()
@Controller('api/programmes/:programmeId/findings')
export class ResolveFindingHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':findingId/resolve')
  @HttpCode(200)
  async resolve(
    @Param('programmeId') programmeId: string,
    @Param('findingId') findingId: string,
    @Body() body: ResolveFindingRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, findingId, await this.commands.execute(ResolveFindingCommand.fromRequest(programmeId, findingId, body, context)));
  }
}
