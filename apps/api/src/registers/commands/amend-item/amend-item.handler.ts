import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AmendItem, itemStreamId, registerItemDecider } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { AmendItemCommand } from './amend-item.command';

@CommandHandler(AmendItemCommand)
export class AmendItemHandler implements ICommandHandler<AmendItemCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, itemId, amendment, effectiveAt, context }: AmendItemCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const command = { type: 'AmendItem', data: { itemId, ...amendment }, programme, effectiveAt } as Omit<AmendItem, 'metadata'>;
    return this.runner.run(registerItemDecider, itemStreamId(programmeId, itemId), command, context, effectiveAt);
  }
}
