import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, UserCommand, userDecider, userStreamId } from '@tracker/domain';
import { AccessDirectory } from '@tracker/read-models';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';
import { SessionStore } from '../../auth/sessions';
import { Slots } from '../../../shared/slots';

/** A command of the union without its metadata, keeping each member's own fields. */
type Undated<C> = C extends unknown ? Omit<C, 'metadata'> : never;

/** What an administrator (or, for sessions, the account's owner) may do to an account; each is one event on the user's stream. */
export const ACCOUNT_ACTIONS = ['end-sessions', 'disable', 'enable', 'grant-administrator', 'remove-administrator'] as const;
export type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

export class AdministerUserCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly action: AccountAction,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {
    super();
  }
}

export class EndUserSessionCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly sessionRef: string,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {
    super();
  }
}

/**
 * The figures a rule needs from beyond the user's own stream (how many other administrators can
 * sign in, whether a session exists) come from the read store, as a membership's `userFound` does.
 */
@CommandHandler(AdministerUserCommand)
export class AdministerUserHandler implements ICommandHandler<AdministerUserCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly directory: AccessDirectory,
  ) {}

  /**
   * Changes that count the other administrators run one at a time: two administrators disabling
   * each other at once would otherwise each count the other as still active and leave nobody.
   * A write is visible in the read store before it answers, so the next one counts it.
   */
  // Such changes are rare and quick, so they queue without a limit (the busy answer is never given).
  private readonly oneAtATime = new Slots(1, Infinity, () => new Error('unreachable: the queue has no limit'));

  execute(command: AdministerUserCommand): Promise<CommandResult> {
    return command.action === 'disable' || command.action === 'remove-administrator' ? this.oneAtATime.run(() => this.record(command)) : this.record(command);
  }

  private record({ userId, action, context, by }: AdministerUserCommand): Promise<CommandResult> {
    const data = { userId };
    const others = () => this.directory.otherActiveAdministrators(userId);
    const command: Undated<UserCommand> =
      action === 'end-sessions'
        ? { type: 'EndUserSessions', data, by }
        : action === 'disable'
          ? { type: 'DisableUser', data, by, otherActiveAdministrators: others() }
          : action === 'enable'
            ? { type: 'EnableUser', data, by }
            : action === 'grant-administrator'
              ? { type: 'GrantAdministratorRights', data, by }
              : { type: 'RemoveAdministratorRights', data, by, otherActiveAdministrators: others() };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}

@CommandHandler(EndUserSessionCommand)
export class EndUserSessionHandler implements ICommandHandler<EndUserSessionCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ userId, sessionRef, context, by }: EndUserSessionCommand): Promise<CommandResult> {
    const sessionFound = this.sessions.has(userId, sessionRef, this.clock());
    const command: Undated<UserCommand> = { type: 'EndUserSession', data: { userId, sessionRef }, by, sessionFound };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}
