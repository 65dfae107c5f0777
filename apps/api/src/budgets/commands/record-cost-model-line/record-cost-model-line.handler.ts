import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordCostModelLine, budgetStreamId, budgetsDecider } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { effectiveInstant } from '../../../shared/validation';
import { RecordCostModelLineCommand } from './record-cost-model-line.command';

@CommandHandler(RecordCostModelLineCommand)
export class RecordCostModelLineHandler implements ICommandHandler<RecordCostModelLineCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, lineId, line, context }: RecordCostModelLineCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const { reference, financialYear, category, description, amount } = line;
    const command: Omit<RecordCostModelLine, 'metadata'> = {
      type: 'RecordCostModelLine',
      data: { lineId, reference, financialYear, category, description, amount },
      programme,
    };
    return this.runner.run(budgetsDecider, budgetStreamId(programmeId), command, context, effectiveInstant(line.effectiveAt));
  }
}
