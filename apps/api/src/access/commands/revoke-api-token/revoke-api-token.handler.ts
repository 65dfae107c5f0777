import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RevokeApiToken, userDecider, userStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RevokeApiTokenCommand } from './revoke-api-token.command';

@CommandHandler(RevokeApiTokenCommand)
export class RevokeApiTokenHandler implements ICommandHandler<RevokeApiTokenCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  /** The runner answers once the read side shows the revocation, so the token is refused from the next request on. */
  execute({ userId, tokenId, context, by }: RevokeApiTokenCommand): Promise<CommandResult> {
    const command: Omit<RevokeApiToken, 'metadata'> = { type: 'RevokeApiToken', data: { userId, tokenId }, by };
    return this.runner.run(userDecider, userStreamId(userId), command, context);
  }
}
