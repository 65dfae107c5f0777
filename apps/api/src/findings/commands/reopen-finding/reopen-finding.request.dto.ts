import { EffectiveAt, Text } from '../../../shared/validation';

export class ReopenFindingRequest {
  @Text(2000, { description: 'why the finding is open again' })
  reason!: string;

  @EffectiveAt()
  effectiveAt?: string;
}
