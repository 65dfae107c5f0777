import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, ValidateIf, ValidateNested } from 'class-validator';
import { DECIDING_BODY_CODES, DECISION_TYPES, DELIVERY_CONFIDENCE, DecidingBody, DecisionType, DeliveryConfidence } from '@tracker/domain';
import { CalendarDate, EffectiveAt, OneOf, Text, TextList, YesNo } from '../../../shared/validation';

const MAX_CONDITIONS = 20;

/** A condition a go is subject to: what must be done, who sees to it, and by when. */
export class ConditionRequest {
  @Text(2000, { description: 'what must be done' })
  text!: string;

  @Text(200, { description: 'who sees to it (a role or team, not a private person)' })
  owner!: string;

  @CalendarDate({ description: 'by when; one due on or before go-live must be met before go-live is recorded' })
  dueOn!: string;
}

export { DECISION_TYPES };
export type { DecisionType };

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

  @ApiPropertyOptional({ type: [ConditionRequest], maxItems: MAX_CONDITIONS, description: 'on a go only: the conditions it is subject to' })
  // Left out it may be; null it may not, as for every other field.
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsArray({ message: 'must be a list of conditions' })
  @ArrayMaxSize(MAX_CONDITIONS, { message: `must list at most ${MAX_CONDITIONS} conditions` })
  @IsObject({ each: true, message: 'must list each condition as an object with text, owner and dueOn' })
  @ValidateNested({ each: true })
  @Type(() => ConditionRequest)
  conditions?: ConditionRequest[];

  @OneOf(DECIDING_BODY_CODES, { optional: true, description: 'the body that decided; the project board when left out' })
  body?: DecidingBody;

  @TextList({ optional: true, min: 0, max: 50, maxLength: 200, noun: 'attendee', description: 'who sat, by name or role' })
  attendees?: string[];

  @EffectiveAt()
  effectiveAt?: string;
}
