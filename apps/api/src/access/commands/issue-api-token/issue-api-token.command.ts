import { RequestContext } from '../../../shared/request-context';
import { Caller } from '../../auth/current-password';

export class IssueApiTokenCommand {
  constructor(
    readonly userId: string,
    readonly expiresAt: string | undefined,
    readonly context: RequestContext,
    readonly caller: Caller,
    /** Asked of the account's owner from a browser session. */
    readonly currentPassword?: string,
  ) {}
}
