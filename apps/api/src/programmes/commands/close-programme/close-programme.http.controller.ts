import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { CloseProgrammeCommand } from './close-programme.command';
import { CloseProgrammeRequest } from './close-programme.request.dto';
import { AdministratorsOnly } from '../../../access/auth/permissions';

/** After closure nothing changes but notes. A programme that went live closes with its review and what is outstanding handed over. */
@AdministratorsOnly()
@Controller('api/programmes/:programmeId/closure')
export class CloseProgrammeHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  async close(
    @Param('programmeId') programmeId: string,
    @Body() body: CloseProgrammeRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, programmeId, await this.commands.execute(new CloseProgrammeCommand(programmeId, body, context)));
  }
}
