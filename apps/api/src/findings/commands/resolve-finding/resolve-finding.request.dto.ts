import { EffectiveAt, Text } from '../../../shared/validation';
import { EvidenceList, EvidenceRequest } from '../../evidence.request.dto';

export class ResolveFindingRequest {
  @Text(5000, { description: 'how the problem was put right' })
  resolution!: string;

  /** May be left out only when evidence was added to the finding earlier: a finding is resolved with evidence. */
  @EvidenceList({ min: 0, optional: true, description: 'evidence that it is put right, unless already added' })
  evidence?: EvidenceRequest[];

  @EffectiveAt()
  effectiveAt?: string;
}
