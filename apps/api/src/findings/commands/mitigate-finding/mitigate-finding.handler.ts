import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MitigateFinding, findingDecider, findingStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Dated } from '../../dated-command';
import { MitigateFindingCommand } from './mitigate-finding.command';

@CommandHandler(MitigateFindingCommand)
export class MitigateFindingHandler implements ICommandHandler<MitigateFindingCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, findingId, note, effectiveAt, context }: MitigateFindingCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<Dated<MitigateFinding>, 'metadata'> = {
      type: 'MitigateFinding',
      data: { findingId, note },
      programme,
      effectiveAt,
    };
    return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
  }
}
