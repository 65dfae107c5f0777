import { ProgrammeCommand } from '../../../shared/programme-command';
import { ItemAmendment } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class AmendItemCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly itemId: string,
    readonly amendment: ItemAmendment,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
