import { Inject } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AddDayOneChecklistCommand } from '../../../registers/commands/add-day-one-checklist/add-day-one-checklist';
import { RegisterProgramme, programmeDecider, programmeStreamId, ukDateOf, ukMidnight } from '@tracker/domain';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { RegisterProgrammeCommand } from './register-programme.command';

@CommandHandler(RegisterProgrammeCommand)
export class RegisterProgrammeHandler implements ICommandHandler<RegisterProgrammeCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly commands: CommandBus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** With `dayOneChecklist`, the programme starts with the day-one essentials in its governance register. */
  async execute({ details: { dayOneChecklist, ...details }, context }: RegisterProgrammeCommand): Promise<CommandResult> {
    const command: Omit<RegisterProgramme, 'metadata'> = { type: 'RegisterProgramme', data: details };
    // A programme already under way is recorded now and effective from the day it began, so that
    // "what was true then" (validAt) finds it, while "what was known then" (asOf) does not.
    // A start in the future is left for the domain to refuse by its own name.
    const { startedOn } = details;
    const effectiveAt = startedOn !== undefined && startedOn < ukDateOf(this.clock()) ? ukMidnight(startedOn) : undefined;
    const result = await this.runner.run(programmeDecider, programmeStreamId(details.programmeId), command, context, effectiveAt);
    if (dayOneChecklist === true) await this.commands.execute(new AddDayOneChecklistCommand(details.programmeId, { ...context, idempotencyKey: undefined }));
    return result;
  }
}
