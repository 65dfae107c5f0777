import { Body, Controller, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { Actor, SetReminders, userDecider, userStreamId } from '@tracker/domain';
import { Caller, CallerOf } from '../access/auth/current-password';
import { AdministratorsOnly, Permit } from '../access/auth/permissions';
import { CommandResult, CommandRunner } from '../shared/command-runner';
import { Context, RequestContext } from '../shared/request-context';
import { NoFields, TextList, YesNo } from '../shared/validation';
import { WriteResponse, writeResponse } from '../shared/write-response';
import { Reminders } from './reminders';

export class SetRemindersRequest {
  @YesNo({ description: 'true to be sent the weekly digest and overdue notices by email' })
  email!: boolean;

  @TextList({ min: 0, max: 20, maxLength: 200, noun: 'owner', description: 'the owners you answer for, as items and findings name them (e.g. "Council HR — payroll lead")' })
  owns!: string[];
}

export class SetRemindersCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly request: SetRemindersRequest,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {
    super();
  }
}

@CommandHandler(SetRemindersCommand)
export class SetRemindersHandler implements ICommandHandler<SetRemindersCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ userId, request, context, by }: SetRemindersCommand): Promise<CommandResult> {
    const command: Omit<SetReminders, 'metadata'> = { type: 'SetReminders', data: { userId, email: request.email, owns: request.owns }, by };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}

/** A person's email reminders: asked for by themselves, stopped by them or an administrator. */
@Controller('api/users/:userId/reminders')
export class SetRemindersHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Put()
  @Permit('self')
  async set(@Param('userId') userId: string, @Body() body: SetRemindersRequest, @Context() context: RequestContext, @CallerOf() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    return writeResponse(reply, userId, await this.commands.execute(new SetRemindersCommand(userId, body, context, caller.by)));
  }
}

/** The reminders job for administrators: what was sent and what is failing, and a run now. */
@AdministratorsOnly()
@Controller('api/admin/reminders')
export class RemindersAdminHttpController {
  constructor(private readonly reminders: Reminders) {}

  @Get()
  status() {
    return this.reminders.status();
  }

  /** Queues what is due to be said and sends what is queued, now rather than at the next look. */
  @Post('run')
  @HttpCode(200)
  run(@Body(NoFields) _body: unknown) {
    return this.reminders.run();
  }
}
