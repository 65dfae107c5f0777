import { ProgrammeRole } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class GrantMembershipCommand {
  constructor(
    readonly programmeId: string,
    readonly userId: string,
    readonly role: ProgrammeRole,
    readonly context: RequestContext,
  ) {}
}
