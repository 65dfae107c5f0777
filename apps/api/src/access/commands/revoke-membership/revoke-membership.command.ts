import { RequestContext } from '../../../shared/request-context';

export class RevokeMembershipCommand {
  constructor(
    readonly programmeId: string,
    readonly userId: string,
    readonly context: RequestContext,
  ) {}
}
