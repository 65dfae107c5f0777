import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SetPassword, userDecider, userStreamId } from '@tracker/domain';
import { Config } from '../../../config/config';
import { CONFIG } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { CurrentPasswordCheck } from '../../auth/current-password';
import { hashPassword } from '../../auth/credentials';
import { SetPasswordCommand } from './set-password.command';

/**
 * Sets a password. Your own: your other sessions end. Someone else's (a reset): every token of
 * theirs is revoked and every session ends, as events on their stream.
 */
@CommandHandler(SetPasswordCommand)
export class SetPasswordHandler implements ICommandHandler<SetPasswordCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly currentPasswords: CurrentPasswordCheck,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async execute({ userId, password, context, caller, currentPassword }: SetPasswordCommand): Promise<CommandResult> {
    const checked = await this.currentPasswords.check(caller, userId, currentPassword);
    // A missing or wrong current password is refused before the new one costs a hash.
    const passwordHash = checked === undefined || checked === 'right' ? await hashPassword(password, this.config.passwordHashCost) : '';
    const command: Omit<SetPassword, 'metadata'> = { type: 'SetPassword', data: { userId, passwordHash }, by: caller.by, currentPassword: checked };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}
