import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReopenFinding, findingDecider, findingStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Dated } from '../../dated-command';
import { ReopenFindingCommand } from './reopen-finding.command';

@CommandHandler(ReopenFindingCommand)
export class ReopenFindingHandler implements ICommandHandler<ReopenFindingCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, findingId, reason, effectiveAt, context }: ReopenFindingCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<Dated<ReopenFinding>, 'metadata'> = { type: 'ReopenFinding', data: { findingId, reason }, programme, effectiveAt };
    return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
  }
}
