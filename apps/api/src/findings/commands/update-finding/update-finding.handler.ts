import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UpdateFinding, findingDecider, findingStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Dated } from '../../dated-command';
import { UpdateFindingCommand } from './update-finding.command';

@CommandHandler(UpdateFindingCommand)
export class UpdateFindingHandler implements ICommandHandler<UpdateFindingCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  /** An update that changes nothing records nothing and answers the version as it stands. */
  async execute({ programmeId, findingId, changes, effectiveAt, context }: UpdateFindingCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<Dated<UpdateFinding>, 'metadata'> = { type: 'UpdateFinding', data: { findingId, changes }, programme, effectiveAt };
    return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
  }
}
