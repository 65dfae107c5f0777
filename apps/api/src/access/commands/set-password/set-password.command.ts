import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';
import { Caller } from '../../auth/current-password';

export class SetPasswordCommand extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly password: string,
    readonly context: RequestContext,
    readonly caller: Caller,
    /** Asked of the account's owner from a browser session. */
    readonly currentPassword?: string,
  ) {
    super();
  }
}
