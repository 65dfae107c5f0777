import { EffectiveAt, Text } from '../../../shared/validation';

export class MitigateFindingRequest {
  @Text(2000, { description: 'what has been done to reduce the risk while the problem remains' })
  note!: string;

  @EffectiveAt()
  effectiveAt?: string;
}
