import { CommandHandler } from '@nestjs/cqrs';
import { findingDecider, findingStreamId } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { ReopenFindingCommand } from './reopen-finding.command';

@CommandHandler(ReopenFindingCommand)
export class ReopenFindingHandler extends ProgrammeCommandHandler<ReopenFindingCommand> {
  onStream({ programmeId, findingId, reason }: ReopenFindingCommand) {
    return onStream(findingDecider, findingStreamId(programmeId, findingId), { type: 'ReopenFinding', data: { findingId, reason } });
  }
}
