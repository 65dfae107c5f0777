import { RequestContext } from '../../../shared/request-context';

export class RecordGoLiveCommand {
  constructor(
    readonly programmeId: string,
    readonly date: string,
    readonly context: RequestContext,
  ) {}
}
