import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegisterProgramme, programmeDecider, programmeStreamId, ukDateOf, ukMidnight } from '@tracker/domain';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RegisterProgrammeCommand } from './register-programme.command';

@CommandHandler(RegisterProgrammeCommand)
export class RegisterProgrammeHandler implements ICommandHandler<RegisterProgrammeCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ details, context }: RegisterProgrammeCommand): Promise<CommandResult> {
    const command: Omit<RegisterProgramme, 'metadata'> = { type: 'RegisterProgramme', data: details };
    // A programme already under way is recorded now and effective from the day it began, so that
    // "what was true then" (validAt) finds it, while "what was known then" (asOf) does not.
    // A start in the future is left for the domain to refuse by its own name.
    const { startedOn } = details;
    const effectiveAt = startedOn !== undefined && startedOn < ukDateOf(this.clock()) ? ukMidnight(startedOn) : undefined;
    return this.runner.run(programmeDecider, programmeStreamId(details.programmeId), command, context, effectiveAt);
  }
}
