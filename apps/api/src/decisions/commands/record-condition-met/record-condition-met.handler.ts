import { CommandHandler } from '@nestjs/cqrs';
import { programmeDecider, programmeStreamId } from '@tracker/domain';
import { evidenceOf } from '../../../findings/evidence.request.dto';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { RecordConditionMetCommand } from './record-condition-met.command';

/** Recorded on the programme's stream, beside the go it belongs to. */
@CommandHandler(RecordConditionMetCommand)
export class RecordConditionMetHandler extends ProgrammeCommandHandler<RecordConditionMetCommand> {
  onStream({ programmeId, decisionId, conditionId, request }: RecordConditionMetCommand) {
    const evidence = evidenceOf(request.evidence);
    const data = { programmeId, decisionId, conditionId, note: request.note, ...(evidence.length > 0 ? { evidence } : {}) };
    return onStream(programmeDecider, programmeStreamId(programmeId), { type: 'RecordConditionMet', data });
  }
}
