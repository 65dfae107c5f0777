import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { AdministratorsOnly } from '../../auth/permissions';
import { GrantMembershipCommand } from './grant-membership.command';
import { GrantMembershipRequest } from './grant-membership.request.dto';

@Controller('api/programmes/:programmeId/members')
export class GrantMembershipHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AdministratorsOnly()
  async grant(
    @Param('programmeId') programmeId: string,
    @Body() body: GrantMembershipRequest,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, body.userId, await this.commands.execute(new GrantMembershipCommand(programmeId, body.userId, body.role, context)));
  }
}
