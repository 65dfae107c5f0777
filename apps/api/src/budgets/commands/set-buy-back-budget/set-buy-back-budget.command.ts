import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { SetBuyBackBudgetRequest } from './set-buy-back-budget.request.dto';

export class SetBuyBackBudgetCommand extends ProgrammeCommand {
  readonly effectiveAt: string | undefined;

  constructor(
    readonly programmeId: string,
    readonly budget: SetBuyBackBudgetRequest,
    readonly context: RequestContext,
  ) {
    super();
    this.effectiveAt = effectiveInstant(budget.effectiveAt);
  }
}
