import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';
import { Caller } from '../../auth/current-password';

export interface IssuedToken {
  readonly tokenId: string;
  readonly token: string;
  readonly expiresAt: string;
  readonly result: CommandResult;
}

export class IssueApiTokenCommand extends Command<IssuedToken> {
  constructor(
    readonly userId: string,
    readonly expiresAt: string | undefined,
    readonly context: RequestContext,
    readonly caller: Caller,
    /** Asked of the account's owner from a browser session. */
    readonly currentPassword?: string,
  ) {
    super();
  }
}
