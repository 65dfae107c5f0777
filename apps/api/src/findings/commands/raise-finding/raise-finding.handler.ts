import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AREA_OF_KIND,
  FindingTarget,
  NotFoundError,
  RaiseFinding,
  RegisterItemEvent,
  findingDecider,
  findingStreamId,
  fold,
  itemStreamId,
  registerItemDecider,
} from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { Dated } from '../../dated-command';
import { FindingSubject, RaiseFindingCommand } from './raise-finding.command';

@CommandHandler(RaiseFindingCommand)
export class RaiseFindingHandler implements ICommandHandler<RaiseFindingCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ programmeId, findingId, finding, effectiveAt, context }: RaiseFindingCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const { subject, title, description, severity, owner, dueDate, evidence } = finding;
    const target = await this.targetOf(programmeId, subject);
    const command: Omit<Dated<RaiseFinding>, 'metadata'> = {
      type: 'RaiseFinding',
      data: { findingId, target, title, description, severity, owner, dueDate, evidence },
      programme,
      effectiveAt,
    };
    return this.runner.run(findingDecider, findingStreamId(programmeId, findingId), command, context, effectiveAt);
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
