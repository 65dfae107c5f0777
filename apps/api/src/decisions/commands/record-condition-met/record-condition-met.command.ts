import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';
import { RecordConditionMetRequest } from './record-condition-met.request.dto';

export class RecordConditionMetCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly decisionId: string,
    readonly conditionId: string,
    readonly request: RecordConditionMetRequest,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
