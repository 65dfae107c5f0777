import { CommandHandler } from '@nestjs/cqrs';
import { AmendItem, itemStreamId, registerItemDecider } from '@tracker/domain';
import { Issued, ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { AmendItemCommand } from './amend-item.command';

@CommandHandler(AmendItemCommand)
export class AmendItemHandler extends ProgrammeCommandHandler<AmendItemCommand> {
  onStream({ programmeId, itemId, amendment }: AmendItemCommand) {
    const command = { type: 'AmendItem', data: { itemId, ...amendment } } as Issued<AmendItem>;
    return onStream(registerItemDecider, itemStreamId(programmeId, itemId), command);
  }
}
