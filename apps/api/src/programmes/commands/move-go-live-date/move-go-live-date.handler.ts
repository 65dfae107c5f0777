import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MoveGoLiveDate, programmeDecider, programmeStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { MoveGoLiveDateCommand } from './move-go-live-date.command';

@CommandHandler(MoveGoLiveDateCommand)
export class MoveGoLiveDateHandler implements ICommandHandler<MoveGoLiveDateCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ programmeId, move, context }: MoveGoLiveDateCommand): Promise<CommandResult> {
    const command: Omit<MoveGoLiveDate, 'metadata'> = {
      type: 'MoveGoLiveDate',
      data: { programmeId, date: move.date, reasons: move.reasons, note: move.note },
    };
    return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
  }
}
