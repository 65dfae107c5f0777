import { CommandHandler } from '@nestjs/cqrs';
import { RegisterItemEvent, budgetStreamId, budgetsDecider, fold, itemStreamId, registerItemDecider } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { SetBuyBackBudgetCommand } from './set-buy-back-budget.command';

@CommandHandler(SetBuyBackBudgetCommand)
export class SetBuyBackBudgetHandler extends ProgrammeCommandHandler<SetBuyBackBudgetCommand> {
  async onStream({ programmeId, budget: { slaId, financialYear, amount, belowPriceReason } }: SetBuyBackBudgetCommand) {
    const data = { slaItemId: slaId, slaFound: await this.slaExists(programmeId, slaId), financialYear, amount, ...(belowPriceReason ? { belowPriceReason } : {}) };
    return onStream(budgetsDecider, budgetStreamId(programmeId), { type: 'SetBuyBackBudget', data });
  }

  /** Only an SLA registered in this programme has a buy-back budget; the decider answers 404 for any other id. */
  private async slaExists(programmeId: string, slaId: string): Promise<boolean> {
    const events = await this.store.readStream(itemStreamId(programmeId, slaId));
    const item = fold(registerItemDecider, events as unknown as RegisterItemEvent[]);
    return item.status === 'registered' && item.kind === 'sla';
  }
}
