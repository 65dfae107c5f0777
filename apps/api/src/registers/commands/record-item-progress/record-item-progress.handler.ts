import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RecordItemProgress, itemStreamId, registerItemDecider } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { RecordItemProgressCommand } from './record-item-progress.command';

/** Also runs the board's SLA decisions, which are steps of the SLA taken through /decisions. */
@CommandHandler(RecordItemProgressCommand)
export class RecordItemProgressHandler implements ICommandHandler<RecordItemProgressCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, itemId, progress, effectiveAt, context, evidence }: RecordItemProgressCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const data = { itemId, ...progress, ...(evidence === undefined ? {} : { evidence }) };
    const command = { type: 'RecordItemProgress', data, programme, effectiveAt } as Omit<RecordItemProgress, 'metadata'>;
    return this.runner.run(registerItemDecider, itemStreamId(programmeId, itemId), command, context, effectiveAt);
  }
}
