import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordGoLive, programmeDecider, programmeStreamId } from '@tracker/domain';
import { Digests } from '../../../audit/digests';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RecordGoLiveCommand } from './record-go-live.command';

@CommandHandler(RecordGoLiveCommand)
export class RecordGoLiveHandler implements ICommandHandler<RecordGoLiveCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly digests: Digests,
  ) {}

  /** Go-live is followed by a signed digest of the programme as it went live. */
  async execute({ programmeId, date, context }: RecordGoLiveCommand): Promise<CommandResult> {
    const command: Omit<RecordGoLive, 'metadata'> = { type: 'RecordGoLive', data: { programmeId, date } };
    const result = await this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
    await this.digests.takeAfter(programmeId, context, 'go-live', result.position);
    return result;
  }
}
