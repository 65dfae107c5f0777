import { ProgrammeDetails } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';

export class RegisterProgrammeCommand {
  constructor(
    readonly details: ProgrammeDetails & { readonly startedOn?: string },
    readonly context: RequestContext,
  ) {}
}
