import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RecordGoLiveCommand } from './record-go-live.command';
import { RecordGoLiveRequest } from './record-go-live.request.dto';
import { Board } from '../../../access/auth/permissions';

/** Going live freezes the registers: from then on only notes can be added to them. */
@Board()
@Controller('api/programmes/:programmeId/go-live')
export class RecordGoLiveHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  async record(
    @Param('programmeId') programmeId: string,
    @Body() body: RecordGoLiveRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, programmeId, await this.commands.execute(new RecordGoLiveCommand(programmeId, body.date, context)));
  }
}
