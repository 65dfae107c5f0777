import { CommandHandler } from '@nestjs/cqrs';
import { RegisterItem, itemStreamId, registerItemDecider } from '@tracker/domain';
import { Issued, ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { RegisterItemCommand } from './register-item.command';

@CommandHandler(RegisterItemCommand)
export class RegisterItemHandler extends ProgrammeCommandHandler<RegisterItemCommand> {
  onStream({ programmeId, itemId, reference, registration }: RegisterItemCommand) {
    const command = { type: 'RegisterItem', data: { itemId, reference, ...registration } } as Issued<RegisterItem>;
    return onStream(registerItemDecider, itemStreamId(programmeId, itemId), command);
  }
}
