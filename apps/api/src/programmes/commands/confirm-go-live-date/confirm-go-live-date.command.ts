import { RequestContext } from '../../../shared/request-context';

export class ConfirmGoLiveDateCommand {
  constructor(
    readonly programmeId: string,
    readonly date: string,
    readonly context: RequestContext,
  ) {}
}
