import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegisterItemEvent, SetBuyBackBudget, budgetStreamId, budgetsDecider, fold, itemStreamId, registerItemDecider } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { effectiveInstant } from '../../../shared/validation';
import { SetBuyBackBudgetCommand } from './set-buy-back-budget.command';

@CommandHandler(SetBuyBackBudgetCommand)
export class SetBuyBackBudgetHandler implements ICommandHandler<SetBuyBackBudgetCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ programmeId, budget, context }: SetBuyBackBudgetCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<SetBuyBackBudget, 'metadata'> = {
      type: 'SetBuyBackBudget',
      data: { slaItemId: budget.slaId, slaFound: await this.slaExists(programmeId, budget.slaId), financialYear: budget.financialYear, amount: budget.amount },
      programme,
    };
    return this.runner.run(budgetsDecider, budgetStreamId(programmeId), command, context, effectiveInstant(budget.effectiveAt));
  }

  /** Only an SLA registered in this programme has a buy-back budget; the decider answers 404 for any other id. */
  private async slaExists(programmeId: string, slaId: string): Promise<boolean> {
    const events = await this.store.readStream(itemStreamId(programmeId, slaId));
    const item = fold(registerItemDecider, events as unknown as RegisterItemEvent[]);
    return item.status === 'registered' && item.kind === 'sla';
  }
}
