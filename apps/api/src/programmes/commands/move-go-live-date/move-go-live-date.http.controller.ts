import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { MoveGoLiveDateCommand } from './move-go-live-date.command';
import { MoveGoLiveDateRequest } from './move-go-live-date.request.dto';
import { Board } from '../../../access/auth/permissions';

@Board()
@Controller('api/programmes/:programmeId/go-live-date/moves')
export class MoveGoLiveDateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  async move(
    @Param('programmeId') programmeId: string,
    @Body() body: MoveGoLiveDateRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, programmeId, await this.commands.execute(new MoveGoLiveDateCommand(programmeId, body, context)));
  }
}
