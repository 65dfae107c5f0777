import { CommandHandler } from '@nestjs/cqrs';
import { findingDecider, findingStreamId } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { MitigateFindingCommand } from './mitigate-finding.command';

@CommandHandler(MitigateFindingCommand)
export class MitigateFindingHandler extends ProgrammeCommandHandler<MitigateFindingCommand> {
  onStream({ programmeId, findingId, note }: MitigateFindingCommand) {
    return onStream(findingDecider, findingStreamId(programmeId, findingId), { type: 'MitigateFinding', data: { findingId, note } });
  }
}
