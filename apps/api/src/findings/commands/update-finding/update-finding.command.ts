import { ProgrammeCommand } from '../../../shared/programme-command';
import { FindingChanges } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class UpdateFindingCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly changes: FindingChanges,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
