import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ItemKind, RegisterItem, itemStreamId, registerItemDecider } from '@tracker/domain';
import { CommandResult, CommandRunner, uuidFromHash } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { RegisterItemCommand } from './register-item.command';

/**
 * An item's id is derived from its programme, kind and reference, so two registrations of the
 * same reference meet on one stream and the second is refused: uniqueness needs no index.
 */
export function itemIdFor(programmeId: string, kind: ItemKind, reference: string): string {
  return uuidFromHash(`item\n${programmeId}\n${kind}\n${sameReference(reference)}`);
}

/** References that name the same item compare equal: case and spacing aside. */
export function sameReference(reference: string): string {
  return reference.trim().replace(/\s+/g, ' ').toUpperCase();
}

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
