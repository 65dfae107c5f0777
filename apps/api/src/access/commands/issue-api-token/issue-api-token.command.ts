import { RequestContext } from '../../../shared/request-context';

export class IssueApiTokenCommand {
  constructor(
    readonly userId: string,
    readonly expiresAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
