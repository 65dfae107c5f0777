import { RequestContext } from '../../../shared/request-context';
import { RecordDecisionRequest } from './record-decision.request.dto';

export class RecordDecisionCommand {
  constructor(
    readonly programmeId: string,
    readonly decisionId: string,
    readonly decision: RecordDecisionRequest,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
