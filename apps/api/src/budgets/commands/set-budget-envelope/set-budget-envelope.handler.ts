import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { SetBudgetEnvelope, budgetStreamId, budgetsDecider } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { effectiveInstant } from '../../../shared/validation';
import { SetBudgetEnvelopeCommand } from './set-budget-envelope.command';

@CommandHandler(SetBudgetEnvelopeCommand)
export class SetBudgetEnvelopeHandler implements ICommandHandler<SetBudgetEnvelopeCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, envelope, context }: SetBudgetEnvelopeCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<SetBudgetEnvelope, 'metadata'> = {
      type: 'SetBudgetEnvelope',
      data: { financialYear: envelope.financialYear, amount: envelope.amount },
      programme,
    };
    return this.runner.run(budgetsDecider, budgetStreamId(programmeId), command, context, effectiveInstant(envelope.effectiveAt));
  }
}
