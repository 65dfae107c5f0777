import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';

export class RecordGoLiveCommand extends Command<CommandResult> {
  constructor(
    readonly programmeId: string,
    readonly date: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
