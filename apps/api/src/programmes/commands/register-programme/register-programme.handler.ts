import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegisterProgramme, programmeDecider, programmeStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RegisterProgrammeCommand } from './register-programme.command';

@CommandHandler(RegisterProgrammeCommand)
export class RegisterProgrammeHandler implements ICommandHandler<RegisterProgrammeCommand, CommandResult> {
  constructor(private readonly runner: CommandRunner) {}

  execute({ details, context }: RegisterProgrammeCommand): Promise<CommandResult> {
    const command: Omit<RegisterProgramme, 'metadata'> = { type: 'RegisterProgramme', data: details };
    return this.runner.run(programmeDecider, programmeStreamId(details.programmeId), command, context);
  }
}
