import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';
import { MoveGoLiveDateRequest } from './move-go-live-date.request.dto';

export class MoveGoLiveDateCommand extends Command<CommandResult> {
  constructor(
    readonly programmeId: string,
    readonly move: MoveGoLiveDateRequest,
    readonly context: RequestContext,
  ) {
    super();
  }
}
