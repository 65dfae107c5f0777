import { Controller, Delete, HttpCode, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { Caller, CallerOf } from '../../auth/current-password';
import { Permit } from '../../auth/permissions';
import { RevokeApiTokenCommand } from './revoke-api-token.command';

@Controller('api/users/:userId/tokens/:tokenId')
export class RevokeApiTokenHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @HttpCode(200)
  @Permit('self')
  async revoke(
    @Param('userId') userId: string,
    @Param('tokenId') tokenId: string,
    @Context() context: RequestContext,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, tokenId, await this.commands.execute(new RevokeApiTokenCommand(userId, tokenId, context, caller.by)));
  }
}
