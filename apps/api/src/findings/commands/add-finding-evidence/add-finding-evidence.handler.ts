import { CommandHandler } from '@nestjs/cqrs';
import { findingDecider, findingStreamId } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { AddFindingEvidenceCommand } from './add-finding-evidence.command';

@CommandHandler(AddFindingEvidenceCommand)
export class AddFindingEvidenceHandler extends ProgrammeCommandHandler<AddFindingEvidenceCommand> {
  onStream({ programmeId, findingId, evidence }: AddFindingEvidenceCommand) {
    return onStream(findingDecider, findingStreamId(programmeId, findingId), { type: 'AddFindingEvidence', data: { findingId, evidence } });
  }
}
