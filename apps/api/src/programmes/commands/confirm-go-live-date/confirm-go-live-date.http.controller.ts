import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { ConfirmGoLiveDateCommand } from './confirm-go-live-date.command';
import { ConfirmGoLiveDateRequest } from './confirm-go-live-date.request.dto';
import { Board } from '../../../access/auth/permissions';

@Board()
@Controller('api/programmes/:programmeId/go-live-date/confirmation')
export class ConfirmGoLiveDateHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  async confirm(
    @Param('programmeId') programmeId: string,
    @Body() body: ConfirmGoLiveDateRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, programmeId, await this.commands.execute(new ConfirmGoLiveDateCommand(programmeId, body.date, context)));
  }
}
