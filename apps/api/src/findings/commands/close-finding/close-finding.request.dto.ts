import { EffectiveAt, Text } from '../../../shared/validation';

export class CloseFindingRequest {
  @Text(2000, { optional: true, description: 'how the resolution was verified' })
  note?: string;

  @EffectiveAt()
  effectiveAt?: string;
}
