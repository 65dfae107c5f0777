import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';

export class CloseFindingCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly note: string | undefined,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
