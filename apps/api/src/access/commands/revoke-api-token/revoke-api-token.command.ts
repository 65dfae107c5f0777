import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { Actor } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class RevokeApiTokenCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly tokenId: string,
    readonly context: RequestContext,
    readonly by: Actor,
  ) {
    super();
  }
}
