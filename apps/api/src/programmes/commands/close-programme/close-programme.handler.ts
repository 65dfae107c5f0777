import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CloseProgramme, programmeDecider, programmeStreamId } from '@tracker/domain';
import { outstandingOf } from '../../../readiness/outstanding';
import { ProgrammeViews } from '../../../readiness/programme-views';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { CloseProgrammeCommand } from './close-programme.command';

@CommandHandler(CloseProgrammeCommand)
export class CloseProgrammeHandler implements ICommandHandler<CloseProgrammeCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly views: ProgrammeViews,
    private readonly facts: ProgrammeFactsReader,
  ) {}

  /** What is outstanding is read here, as readiness judges it now, for the decider to hold against the handovers. */
  async execute({ programmeId, request, context }: CloseProgrammeCommand): Promise<CommandResult> {
    const { status } = await this.facts.read(programmeId);
    const outstanding = status === 'live' ? outstandingOf((await this.views.judged(programmeId)).readiness) : [];
    const command: Omit<CloseProgramme, 'metadata'> = { type: 'CloseProgramme', data: { programmeId, ...request, outstanding } };
    return this.runner.run(programmeDecider, programmeStreamId(programmeId), command, context);
  }
}
