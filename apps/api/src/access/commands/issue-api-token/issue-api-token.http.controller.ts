import { Body, Controller, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Context, RequestContext } from '../../../shared/request-context';
import { Caller, CallerOf } from '../../auth/current-password';
import { Permit } from '../../auth/permissions';
import { IssueApiTokenCommand } from './issue-api-token.command';
import { IssueApiTokenRequest } from './issue-api-token.request.dto';

@Controller('api/users/:userId/tokens')
export class IssueApiTokenHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Shown once: keep it safe; it cannot be read again, only revoked. */
  @Post()
  @HttpCode(201)
  @Permit('self')
  async issue(
    @Param('userId') userId: string,
    @Body() body: IssueApiTokenRequest,
    @Context() context: RequestContext,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ id: string; token: string; expiresAt: string }> {
    const issued = await this.commands.execute(new IssueApiTokenCommand(userId, body.expiresAt, context, caller, body.currentPassword));
    void reply.header('cache-control', 'no-store');
    return { id: issued.tokenId, token: issued.token, expiresAt: issued.expiresAt };
  }
}
