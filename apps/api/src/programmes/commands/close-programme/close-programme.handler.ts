import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CloseProgramme, programmeDecider, programmeStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { CloseProgrammeCommand } from './close-programme.command';

@CommandHandler(CloseProgrammeCommand)
export class CloseProgrammeHandler implements ICommandHandler<CloseProgrammeCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ programmeId, note, context }: CloseProgrammeCommand): Promise<CommandResult> {
    const command: Omit<CloseProgramme, 'metadata'> = { type: 'CloseProgramme', data: { programmeId, note } };
    return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
  }
}
