import { ProgrammeCommand } from '../../../shared/programme-command';
import { ProgrammeRole } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class GrantMembershipCommand extends ProgrammeCommand {
  /** Who may act in a programme is true from when it is recorded. */
  readonly effectiveAt = undefined;

  constructor(
    readonly programmeId: string,
    readonly userId: string,
    readonly role: ProgrammeRole,
    readonly context: RequestContext,
  ) {
    super();
  }
}
