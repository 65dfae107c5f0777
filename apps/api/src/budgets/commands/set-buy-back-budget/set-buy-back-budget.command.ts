import { RequestContext } from '../../../shared/request-context';
import { SetBuyBackBudgetRequest } from './set-buy-back-budget.request.dto';

export class SetBuyBackBudgetCommand {
  constructor(
    readonly programmeId: string,
    readonly budget: SetBuyBackBudgetRequest,
    readonly context: RequestContext,
  ) {}
}
