import { Command } from '@nestjs/cqrs';
import { CommandResult } from '../../../shared/command-runner';
import { RequestContext } from '../../../shared/request-context';
import { RecordDecisionRequest } from './record-decision.request.dto';

export class RecordDecisionCommand extends Command<CommandResult> {
  constructor(
    readonly programmeId: string,
    readonly decisionId: string,
    readonly decision: RecordDecisionRequest,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }
}
