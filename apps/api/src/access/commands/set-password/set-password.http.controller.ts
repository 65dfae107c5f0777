import { Body, Controller, HttpCode, Param, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { Caller, CallerOf } from '../../auth/current-password';
import { Permit } from '../../auth/permissions';
import { SetPasswordCommand } from './set-password.command';
import { SetPasswordRequest } from './set-password.request.dto';

@Controller('api/users/:userId/password')
export class SetPasswordHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @HttpCode(200)
  @Permit('self')
  async set(
    @Param('userId') userId: string,
    @Body() body: SetPasswordRequest,
    @Context() context: RequestContext,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, userId, await this.commands.execute(new SetPasswordCommand(userId, body.password, context, caller, body.currentPassword)));
  }
}
