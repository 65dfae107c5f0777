import { ItemProgress } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class RecordItemProgressCommand {
  constructor(
    readonly programmeId: string,
    readonly itemId: string,
    readonly progress: ItemProgress,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {}
}
