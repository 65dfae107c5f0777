import { RequestContext } from '../../../shared/request-context';
import { MoveGoLiveDateRequest } from './move-go-live-date.request.dto';

export class MoveGoLiveDateCommand {
  constructor(
    readonly programmeId: string,
    readonly move: MoveGoLiveDateRequest,
    readonly context: RequestContext,
  ) {}
}
