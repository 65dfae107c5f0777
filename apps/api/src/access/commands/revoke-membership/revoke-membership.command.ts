import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';

export class RevokeMembershipCommand extends ProgrammeCommand {
  /** Who may act in a programme is true from when it is recorded. */
  readonly effectiveAt = undefined;

  constructor(
    readonly programmeId: string,
    readonly userId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
