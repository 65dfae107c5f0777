import { CommandHandler } from '@nestjs/cqrs';
import { findingStreamId } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { findingDeciderForClosing } from '../../four-eyes';
import { CloseFindingCommand } from './close-finding.command';

@CommandHandler(CloseFindingCommand)
export class CloseFindingHandler extends ProgrammeCommandHandler<CloseFindingCommand> {
  onStream({ programmeId, findingId, note, context }: CloseFindingCommand) {
    // Four eyes: the decider compares who closes with who resolved, reading older resolutions' recorder.
    return onStream(findingDeciderForClosing, findingStreamId(programmeId, findingId), {
      type: 'CloseFinding',
      data: note === undefined ? { findingId, closedBy: context.userId } : { findingId, note, closedBy: context.userId },
    });
  }
}
