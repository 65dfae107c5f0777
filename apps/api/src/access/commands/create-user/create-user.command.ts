import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';

export class CreateUserCommand extends Command<{ userId: string; result: CommandResult }> {
  constructor(
    readonly email: string,
    readonly name: string,
    readonly administrator: boolean,
    readonly context: RequestContext,
  ) {
    super();
  }
}
