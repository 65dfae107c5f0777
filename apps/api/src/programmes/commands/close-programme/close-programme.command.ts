import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';

export class CloseProgrammeCommand extends Command<CommandResult> {
  constructor(
    readonly programmeId: string,
    readonly note: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}
