import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { RecordCostModelLineRequest } from './record-cost-model-line.request.dto';

export class RecordCostModelLineCommand extends ProgrammeCommand {
  readonly effectiveAt: string | undefined;

  constructor(
    readonly programmeId: string,
    readonly lineId: string,
    readonly line: RecordCostModelLineRequest,
    readonly context: RequestContext,
  ) {
    super();
    this.effectiveAt = effectiveInstant(line.effectiveAt);
  }
}
