import { CommandHandler } from '@nestjs/cqrs';
import { findingDecider, findingStreamId } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { UpdateFindingCommand } from './update-finding.command';

@CommandHandler(UpdateFindingCommand)
export class UpdateFindingHandler extends ProgrammeCommandHandler<UpdateFindingCommand> {
  /** An update that changes nothing records nothing and answers the version as it stands. */
  onStream({ programmeId, findingId, changes }: UpdateFindingCommand) {
    return onStream(findingDecider, findingStreamId(programmeId, findingId), { type: 'UpdateFinding', data: { findingId, changes } });
  }
}
