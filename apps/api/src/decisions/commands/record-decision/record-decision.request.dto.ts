import { DECISION_TYPES, DELIVERY_CONFIDENCE, DecisionType, DeliveryConfidence } from '@tracker/domain';
import { CalendarDate, EffectiveAt, OneOf, Text, YesNo } from '../../../shared/validation';

export { DECISION_TYPES, DecisionType };

const forType =
  (type: DecisionType) =>
  (request: { type?: string }) =>
    request.type === type;

/**
 * A decision of the project board. One address for all four kinds, because that is how a
 * board works through its agenda; each kind has its own fields.
 */
export class RecordDecisionRequest {
  @OneOf(DECISION_TYPES)
  type!: DecisionType;

  @Text(100, { requiredWhen: forType('sla-recommendation'), description: 'the SLA whose recommendation is decided' })
  slaId?: string;

  @YesNo({ requiredWhen: forType('sla-recommendation'), description: 'true to accept the advisers’ recommendation, false to reject it' })
  accepted?: boolean;

  @Text(100, { requiredWhen: forType('risk-acceptance'), description: 'the finding whose risk the board accepts' })
  findingId?: string;

  @Text(5000, { requiredWhen: forType('risk-acceptance'), description: 'why the risk is acceptable' })
  reason?: string;

  @CalendarDate({ requiredWhen: forType('risk-acceptance'), description: 'when the acceptance lapses and the risk counts again' })
  expiresOn?: string;

  @OneOf(DELIVERY_CONFIDENCE, { requiredWhen: forType('delivery-confidence'), description: 'the board’s own rating on the IPA scale' })
  rating?: DeliveryConfidence;

  @Text(5000, { requiredWhen: forType('delivery-confidence') })
  rationale?: string;

  @OneOf(['go', 'no-go'], { requiredWhen: forType('go-no-go') })
  decision?: 'go' | 'no-go';

  @Text(5000, { requiredWhen: (r: { type?: string }) => r.type === 'go-no-go' || r.type === 'sla-recommendation' })
  reasons?: string;

  @EffectiveAt()
  effectiveAt?: string;
}
