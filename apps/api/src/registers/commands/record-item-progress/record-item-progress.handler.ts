import { CommandHandler } from '@nestjs/cqrs';
import { RecordItemProgress, itemStreamId, registerItemDecider } from '@tracker/domain';
import { Issued, ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { RecordItemProgressCommand } from './record-item-progress.command';

/** Also runs the board's SLA decisions, which are steps of the SLA taken through /decisions. */
@CommandHandler(RecordItemProgressCommand)
export class RecordItemProgressHandler extends ProgrammeCommandHandler<RecordItemProgressCommand> {
  onStream({ programmeId, itemId, progress, evidence }: RecordItemProgressCommand) {
    const data = { itemId, ...progress, ...(evidence === undefined ? {} : { evidence }) };
    return onStream(registerItemDecider, itemStreamId(programmeId, itemId), { type: 'RecordItemProgress', data } as Issued<RecordItemProgress>);
  }
}
