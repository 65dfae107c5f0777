import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, ValidateIf } from 'class-validator';
import { EffectiveAt, Text } from '../../../shared/validation';
import { StepEvidenceList, StepEvidenceRequest } from '../../step-evidence.request.dto';

export class WithdrawItemStepRequest {
  @Text(2000, { description: 'why the step is withdrawn: what was wrong', example: 'Recorded against the wrong contract' })
  reason!: string;
}

/**
 * The step recorded again as it should have been: the same step, its fields as corrected (any not
 * given stay as recorded), its evidence (as recorded unless given) and its day (as recorded unless
 * `effectiveAt` corrects it).
 */
export class CorrectItemStepRequest extends WithdrawItemStepRequest {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'the step’s fields as corrected, as for recording the step', example: { mechanism: 'novate' } })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsObject({ message: 'must be an object of the step’s fields' })
  fields?: Record<string, unknown>;

  @EffectiveAt()
  effectiveAt?: string;

  @StepEvidenceList()
  evidence?: StepEvidenceRequest[];
}
