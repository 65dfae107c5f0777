import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { RecordGoLiveCommand } from './record-go-live.command';
import { RecordGoLiveRequest } from './record-go-live.request.dto';
import { Board } from '../../../access/auth/permissions';

/**
 * Going live settles the go-live date and the board's go-live decisions, and a signed digest keeps
 * the picture of that day; the registers stay open for what is outstanding until closure.
 */
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
