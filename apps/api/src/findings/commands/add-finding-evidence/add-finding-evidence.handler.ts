import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AddFindingEvidence, findingDecider, findingStreamId } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Dated } from '../../dated-command';
import { AddFindingEvidenceCommand } from './add-finding-evidence.command';

@CommandHandler(AddFindingEvidenceCommand)
export class AddFindingEvidenceHandler implements ICommandHandler<AddFindingEvidenceCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, findingId, evidence, effectiveAt, context }: AddFindingEvidenceCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command: Omit<Dated<AddFindingEvidence>, 'metadata'> = {
      type: 'AddFindingEvidence',
      data: { findingId, evidence },
      programme,
      effectiveAt,
    };
    return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
  }
}
