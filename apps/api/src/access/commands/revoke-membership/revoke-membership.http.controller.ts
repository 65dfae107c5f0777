import { Controller, Delete, HttpCode, Param, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { AdministratorsOnly } from '../../auth/permissions';
import { RevokeMembershipCommand } from './revoke-membership.command';

@Controller('api/programmes/:programmeId/members/:userId')
export class RevokeMembershipHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Delete()
  @HttpCode(200)
  @AdministratorsOnly()
  async revoke(
    @Param('programmeId') programmeId: string,
    @Param('userId') userId: string,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, userId, await this.commands.execute(new RevokeMembershipCommand(programmeId, userId, context)));
  }
}
