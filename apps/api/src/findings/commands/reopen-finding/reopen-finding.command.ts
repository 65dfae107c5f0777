import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';

export class ReopenFindingCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly reason: string,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
