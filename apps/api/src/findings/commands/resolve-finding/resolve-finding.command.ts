import { ProgrammeCommand } from '../../../shared/programme-command';
import { Evidence } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { evidenceOf } from '../../evidence.request.dto';
import type { ResolveFindingRequest } from './resolve-finding.request.dto';

export class ResolveFindingCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
    readonly resolution: string,
    readonly evidence: readonly Evidence[],
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
  ) {
    super();
  }

  static fromRequest(programmeId: string, findingId: string, body: ResolveFindingRequest, context: RequestContext): ResolveFindingCommand {
    return new ResolveFindingCommand(programmeId, findingId, body.resolution, evidenceOf(body.evidence), effectiveInstant(body.effectiveAt), context);
  }
}
