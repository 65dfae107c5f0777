import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { SetBudgetEnvelopeRequest } from './set-budget-envelope.request.dto';

export class SetBudgetEnvelopeCommand extends ProgrammeCommand {
  readonly effectiveAt: string | undefined;

  constructor(
    readonly programmeId: string,
    readonly envelope: SetBudgetEnvelopeRequest,
    readonly context: RequestContext,
  ) {
    super();
    this.effectiveAt = effectiveInstant(envelope.effectiveAt);
  }
}
