import { EvidenceList, EvidenceRequest } from '../../../findings/evidence.request.dto';
import { EffectiveAt, Text } from '../../../shared/validation';

/** A condition of a go met: how, and optionally the evidence of it. */
export class RecordConditionMetRequest {
  @Text(5000, { description: 'how the condition was met' })
  note!: string;

  @EvidenceList({ min: 0, optional: true, description: 'links to what shows it was met' })
  evidence?: EvidenceRequest[];

  @EffectiveAt()
  effectiveAt?: string;
}
