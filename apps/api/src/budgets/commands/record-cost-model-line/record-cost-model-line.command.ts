import { RequestContext } from '../../../shared/request-context';
import { RecordCostModelLineRequest } from './record-cost-model-line.request.dto';

export class RecordCostModelLineCommand {
  constructor(
    readonly programmeId: string,
    readonly lineId: string,
    readonly line: RecordCostModelLineRequest,
    readonly context: RequestContext,
  ) {}
}
