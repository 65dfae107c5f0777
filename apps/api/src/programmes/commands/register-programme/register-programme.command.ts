import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { ProgrammeDetails } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class RegisterProgrammeCommand extends Command<CommandResult> {
  constructor(
    readonly details: ProgrammeDetails & { readonly startedOn?: string; readonly dayOneChecklist?: boolean },
    readonly context: RequestContext,
  ) {
    super();
  }
}
