import { RequestContext } from '../../../shared/request-context';

export class MitigateFindingCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly note: string,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
