import { Body, Controller, Delete, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { Actor, IssueCalendarFeed, RevokeCalendarFeed, userDecider, userStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { Context, RequestContext } from '../../../shared/request-context';
import { NoFields } from '../../../shared/validation';
import { WriteResponse, writeResponse } from '../../../shared/write-response';
import { tokenHash } from '../../auth/credentials';
import { Caller, CallerOf } from '../../auth/current-password';
import { Permit } from '../../auth/permissions';

/** The path a feed answers at: its secret, and the file name calendar programs like. */
export const calendarFeedPath = (secret: string) => `/calendar/${secret}.ics`;

export interface IssuedCalendarFeed {
  readonly feedId: string;
  /** Shown once: only its hash is kept. */
  readonly path: string;
  readonly result: CommandResult;
}

export class IssueCalendarFeedCommand extends Command<IssuedCalendarFeed> {
  constructor(
    readonly userId: string,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {
    super();
  }
}

export class RevokeCalendarFeedCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {
    super();
  }
}

/** A new secret address for the user's deadlines; the one before stops answering in the same append. */
@CommandHandler(IssueCalendarFeedCommand)
export class IssueCalendarFeedHandler implements ICommandHandler<IssueCalendarFeedCommand, IssuedCalendarFeed> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ userId, context, by }: IssueCalendarFeedCommand): Promise<IssuedCalendarFeed> {
    const secret = `cal_${randomBytes(32).toString('base64url')}`;
    const feedId = randomUUID();
    const command: Omit<IssueCalendarFeed, 'metadata'> = { type: 'IssueCalendarFeed', data: { userId, feedId, tokenHash: tokenHash(secret) }, by };
    // Never retried into a second address: the secret is new each time, so the key would not find it.
    const result = await this.runner.run(userDecider, userStreamId(userId), command, { ...context, idempotencyKey: undefined });
    return { feedId, path: calendarFeedPath(secret), result };
  }
}

@CommandHandler(RevokeCalendarFeedCommand)
export class RevokeCalendarFeedHandler implements ICommandHandler<RevokeCalendarFeedCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ userId, context, by }: RevokeCalendarFeedCommand): Promise<CommandResult> {
    const command: Omit<RevokeCalendarFeed, 'metadata'> = { type: 'RevokeCalendarFeed', data: { userId }, by };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}

/** The user's calendar feed address: issued by its owner (shown once), revoked by its owner or an administrator. */
@Controller('api/users/:userId/calendar-feed')
export class CalendarFeedHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Permit('self')
  async issue(@Param('userId') userId: string, @Body(NoFields) _body: unknown, @Context() context: RequestContext, @CallerOf() caller: Caller, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const issued = await this.commands.execute(new IssueCalendarFeedCommand(userId, context, caller.by));
    void reply.status(201).header('cache-control', 'no-store');
    return { feedId: issued.feedId, path: issued.path, url: `${request.protocol}://${request.host}${issued.path}` };
  }

  @Delete()
  @HttpCode(200)
  @Permit('self')
  async revoke(@Param('userId') userId: string, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    return writeResponse(reply, userId, await this.commands.execute(new RevokeCalendarFeedCommand(userId, context, caller.by)));
  }
}
