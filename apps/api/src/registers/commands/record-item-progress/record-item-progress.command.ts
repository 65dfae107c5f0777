import { ProgrammeCommand } from '../../../shared/programme-command';
import { ItemKind, ItemProgress, StepEvidence } from '@tracker/domain';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { STEP_FIELDS } from './record-item-progress.request.dto';
import { StepEvidenceRequest, stepEvidenceOf } from '../../step-evidence.request.dto';

export class RecordItemProgressCommand extends ProgrammeCommand {
  constructor(
    readonly programmeId: string,
    readonly itemId: string,
    readonly progress: ItemProgress,
    readonly effectiveAt: string | undefined,
    readonly context: RequestContext,
    readonly evidence?: readonly StepEvidence[],
  ) {
    super();
  }

  /** Only the fields of the step are recorded; others sent alongside are not part of the fact. */
  static fromRequest(programmeId: string, itemId: string, kind: ItemKind, body: { step: string; effectiveAt?: string; evidence?: StepEvidenceRequest[] }, context: RequestContext): RecordItemProgressCommand {
    const fields = Object.fromEntries((STEP_FIELDS[body.step] ?? []).map((field) => [field, (body as Record<string, unknown>)[field]]));
    const progress = { kind, step: body.step, fields } as ItemProgress;
    return new RecordItemProgressCommand(programmeId, itemId, progress, effectiveInstant(body.effectiveAt), context, stepEvidenceOf(body.evidence));
  }
}
