import { CommandHandler } from '@nestjs/cqrs';
import { budgetStreamId, budgetsDecider } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { RecordCostModelLineCommand } from './record-cost-model-line.command';

@CommandHandler(RecordCostModelLineCommand)
export class RecordCostModelLineHandler extends ProgrammeCommandHandler<RecordCostModelLineCommand> {
  onStream({ programmeId, lineId, line: { reference, financialYear, category, description, amount } }: RecordCostModelLineCommand) {
    const data = { lineId, reference, financialYear, category, description, amount };
    return onStream(budgetsDecider, budgetStreamId(programmeId), { type: 'RecordCostModelLine', data });
  }
}
