import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ResolveFinding, findingDecider, findingStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Dated } from '../../dated-command';
import { ResolveFindingCommand } from './resolve-finding.command';

@CommandHandler(ResolveFindingCommand)
export class ResolveFindingHandler implements ICommandHandler<ResolveFindingCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, findingId, resolution, evidence, effectiveAt, context }: ResolveFindingCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<Dated<ResolveFinding>, 'metadata'> = {
      type: 'ResolveFinding',
      data: { findingId, resolution, evidence, resolvedBy: context.userId },
      programme,
      effectiveAt,
    };
    return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
  }
}
