import { Evidence } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class ResolveFindingCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly resolution: string,
    readonly evidence: readonly Evidence[],
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
