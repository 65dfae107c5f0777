import { RequestContext } from '../../../shared/request-context';

export class ReopenFindingCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly reason: string,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
