import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { CloseFinding, findingStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Dated } from '../../dated-command';
import { findingDeciderForClosing } from '../../four-eyes';
import { CloseFindingCommand } from './close-finding.command';

@CommandHandler(CloseFindingCommand)
export class CloseFindingHandler implements ICommandHandler<CloseFindingCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, findingId, note, effectiveAt, context }: CloseFindingCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<Dated<CloseFinding>, 'metadata'> = {
      type: 'CloseFinding',
      data: note === undefined ? { findingId, closedBy: context.userId } : { findingId, note, closedBy: context.userId },
      programme,
      effectiveAt,
    };
    // Four eyes: the decider compares who closes with who resolved, reading older resolutions' recorder.
    return this.runner.run(findingDeciderForClosing, findingStreamId(programmeId, findingId), command, context, effectiveAt);
  }
}
