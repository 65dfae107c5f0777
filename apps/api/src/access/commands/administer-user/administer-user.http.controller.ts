import { Body, Controller, Delete, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { NoFields } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { Caller, CallerOf } from '../../auth/current-password';
import { AdministratorsOnly, Permit } from '../../auth/permissions';
import { AccountAction, AdministerUserCommand, EndUserSessionCommand } from './administer-user';

/** Ending sessions, disabling, and administrator rights: each answers the user's new version, and writes nothing when refused. */
@Controller('api/users/:userId')
export class AdministerUserHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Every session of the user ends; from your own session, every other one. */
  @Delete('sessions')
  @HttpCode(200)
  @Permit('self')
  endSessions(@Param('userId') userId: string,
    @Body(NoFields) _body: unknown, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(reply, userId, 'end-sessions', context, caller);
  }

  @Delete('sessions/:sessionRef')
  @HttpCode(200)
  @Permit('self')
  async endSession(
    @Param('userId') userId: string,
    @Body(NoFields) _body: unknown,
    @Param('sessionRef') sessionRef: string,
    @Context() context: RequestContext,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResponse> {
    return writeResponse(reply, userId, await this.commands.execute(new EndUserSessionCommand(userId, sessionRef, context, caller.by)));
  }

  @Post('disable')
  @HttpCode(200)
  @AdministratorsOnly()
  disable(@Param('userId') userId: string,
    @Body(NoFields) _body: unknown, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(reply, userId, 'disable', context, caller);
  }

  @Post('enable')
  @HttpCode(200)
  @AdministratorsOnly()
  enable(@Param('userId') userId: string,
    @Body(NoFields) _body: unknown, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(reply, userId, 'enable', context, caller);
  }

  @Put('administrator')
  @HttpCode(200)
  @AdministratorsOnly()
  grant(@Param('userId') userId: string,
    @Body(NoFields) _body: unknown, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(reply, userId, 'grant-administrator', context, caller);
  }

  @Delete('administrator')
  @HttpCode(200)
  @AdministratorsOnly()
  remove(@Param('userId') userId: string,
    @Body(NoFields) _body: unknown, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply) {
    return this.run(reply, userId, 'remove-administrator', context, caller);
  }

  private async run(reply: FastifyReply, userId: string, action: AccountAction, context: RequestContext, caller: Caller): Promise<WriteResponse> {
    return writeResponse(reply, userId, await this.commands.execute(new AdministerUserCommand(userId, action, context, caller.by)));
  }
}
