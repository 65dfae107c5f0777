import { FindingChanges } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class UpdateFindingCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly changes: FindingChanges,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
