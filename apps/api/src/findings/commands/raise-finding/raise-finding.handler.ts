import { CommandHandler } from '@nestjs/cqrs';
import { AREA_OF_KIND, FindingTarget, NotFoundError, RegisterItemEvent, findingDecider, findingStreamId, fold, itemStreamId, registerItemDecider } from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { FindingSubject, RaiseFindingCommand } from './raise-finding.command';

@CommandHandler(RaiseFindingCommand)
export class RaiseFindingHandler extends ProgrammeCommandHandler<RaiseFindingCommand> {
  async onStream({ programmeId, findingId, finding }: RaiseFindingCommand) {
    const { subject, title, description, severity, owner, dueDate, evidence } = finding;
    const target = await this.targetOf(programmeId, subject);
    const data = { findingId, target, title, description, severity, owner, dueDate, evidence };
    return onStream(findingDecider, findingStreamId(programmeId, findingId), { type: 'RaiseFinding', data });
  }

  /** A finding on an item is in the item's area, so the area is read from the register, not from the request. */
  private async targetOf(programmeId: string, subject: FindingSubject): Promise<FindingTarget> {
    if (subject.kind === 'area') return subject;
    const events = await this.store.readStream(itemStreamId(programmeId, subject.itemId));
    const item = fold(registerItemDecider, events as unknown as RegisterItemEvent[]);
    if (item.status === 'none') throw new NotFoundError('register item', subject.itemId);
    return { kind: 'item', itemId: subject.itemId, area: AREA_OF_KIND[item.kind] };
  }
}
