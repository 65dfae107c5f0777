import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';
import type { CloseProgrammeRequest } from './close-programme.request.dto';

export class CloseProgrammeCommand extends Command<CommandResult> {
  constructor(
    readonly programmeId: string,
    readonly request: CloseProgrammeRequest,
    readonly context: RequestContext,
  ) {
    super();
  }
}
