import { RequestContext } from '../../../shared/request-context';

export class CloseProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly note: string,
    readonly context: RequestContext,
  ) {}
}
