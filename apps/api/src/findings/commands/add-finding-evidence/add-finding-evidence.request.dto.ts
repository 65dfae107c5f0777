import { EffectiveAt } from '../../../shared/validation';
import { EvidenceList, EvidenceRequest } from '../../evidence.request.dto';

export class AddFindingEvidenceRequest {
  @EvidenceList({ min: 1, description: 'references to add; earlier evidence stays' })
  evidence!: EvidenceRequest[];

  @EffectiveAt()
  effectiveAt?: string;
}
