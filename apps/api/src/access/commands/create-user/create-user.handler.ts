import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CreateUser, normaliseEmail, userDecider, userStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { uuidFromHash } from '../../../shared/ids';
import { CreateUserCommand } from './create-user.command';

/** A user's id follows from their email, so a second account for the same email meets the first and is refused. */
export const userIdFor = (email: string) => uuidFromHash(`user\n${normaliseEmail(email)}`);

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand, { userId: string; result: CommandResult }> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ email, name, administrator, context }: CreateUserCommand) {
    const userId = userIdFor(email);
    const command: Omit<CreateUser, 'metadata'> = { type: 'CreateUser', data: { userId, email, name, administrator } };
    return { userId, result: await this.runner.run(userDecider, userStreamId(userId), command, context) };
  }
}
