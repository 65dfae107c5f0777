import { RequestContext } from '../../../shared/request-context';
import { SetBudgetEnvelopeRequest } from './set-budget-envelope.request.dto';

export class SetBudgetEnvelopeCommand {
  constructor(
    readonly programmeId: string,
    readonly envelope: SetBudgetEnvelopeRequest,
    readonly context: RequestContext,
  ) {}
}
