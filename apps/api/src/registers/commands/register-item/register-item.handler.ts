import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { RegisterItem, itemStreamId, registerItemDecider } from '@tracker/domain';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { itemIdFor } from '../../item-ids';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { RegisterItemCommand } from './register-item.command';

@CommandHandler(RegisterItemCommand)
export class RegisterItemHandler implements ICommandHandler<RegisterItemCommand, { itemId: string; result: CommandResult }> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  async execute({ programmeId, reference, registration, effectiveAt, context }: RegisterItemCommand) {
    const programme = await this.programmes.read(programmeId);
    const itemId = itemIdFor(programmeId, registration.kind, reference);
    const command = {
      type: 'RegisterItem',
      data: { itemId, reference, ...registration },
      programme,
      effectiveAt,
    } as Omit<RegisterItem, 'metadata'>;
    const result = await this.runner.run(registerItemDecider, itemStreamId(programmeId, itemId), command, context, effectiveAt);
    return { itemId, result };
  }
}
