import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordGoLive, programmeDecider, programmeStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RecordGoLiveCommand } from './record-go-live.command';

@CommandHandler(RecordGoLiveCommand)
export class RecordGoLiveHandler implements ICommandHandler<RecordGoLiveCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ programmeId, date, context }: RecordGoLiveCommand): Promise<CommandResult> {
    const command: Omit<RecordGoLive, 'metadata'> = { type: 'RecordGoLive', data: { programmeId, date } };
    return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
  }
}
