import { CommandHandler } from '@nestjs/cqrs';
import { findingDecider, findingStreamId } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { ResolveFindingCommand } from './resolve-finding.command';

@CommandHandler(ResolveFindingCommand)
export class ResolveFindingHandler extends ProgrammeCommandHandler<ResolveFindingCommand> {
  onStream({ programmeId, findingId, resolution, evidence, context }: ResolveFindingCommand) {
    const data = { findingId, resolution, evidence, resolvedBy: context.userId };
    return onStream(findingDecider, findingStreamId(programmeId, findingId), { type: 'ResolveFinding', data });
  }
}
