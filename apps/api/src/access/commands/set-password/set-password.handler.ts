import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SetPassword, userDecider, userStreamId } from '@tracker/domain';
import { Config } from '../../../config/config';
import { CONFIG } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { hashPassword } from '../../auth/credentials';
import { SetPasswordCommand } from './set-password.command';

@CommandHandler(SetPasswordCommand)
export class SetPasswordHandler implements ICommandHandler<SetPasswordCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ userId, password, context }: SetPasswordCommand): Promise<CommandResult> {
    const passwordHash = await hashPassword(password, this.config.passwordHashCost);
    const command: Omit<SetPassword, 'metadata'> = { type: 'SetPassword', data: { userId, passwordHash } };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}
