import { CommandHandler } from '@nestjs/cqrs';
import { budgetStreamId, budgetsDecider } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { SetBudgetEnvelopeCommand } from './set-budget-envelope.command';

@CommandHandler(SetBudgetEnvelopeCommand)
export class SetBudgetEnvelopeHandler extends ProgrammeCommandHandler<SetBudgetEnvelopeCommand> {
  onStream({ programmeId, envelope: { financialYear, amount } }: SetBudgetEnvelopeCommand) {
    return onStream(budgetsDecider, budgetStreamId(programmeId), { type: 'SetBudgetEnvelope', data: { financialYear, amount } });
  }
}
