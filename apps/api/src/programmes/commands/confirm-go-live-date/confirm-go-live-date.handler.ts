import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConfirmGoLiveDate, programmeDecider, programmeStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ConfirmGoLiveDateCommand } from './confirm-go-live-date.command';

@CommandHandler(ConfirmGoLiveDateCommand)
export class ConfirmGoLiveDateHandler implements ICommandHandler<ConfirmGoLiveDateCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ programmeId, date, context }: ConfirmGoLiveDateCommand): Promise<CommandResult> {
    const command: Omit<ConfirmGoLiveDate, 'metadata'> = { type: 'ConfirmGoLiveDate', data: { programmeId, date } };
    return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
  }
}
