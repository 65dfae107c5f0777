import { ProgrammeCommand } from '../../../shared/programme-command';
import { Evidence } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class AddFindingEvidenceCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly evidence: readonly Evidence[],
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
