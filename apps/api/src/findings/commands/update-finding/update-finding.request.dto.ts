import { SEVERITIES, Severity } from '@tracker/domain';
import { CalendarDate, EffectiveAt, OneOf, Text } from '../../../shared/validation';

/** Only the fields to change; what the finding is about cannot change (that would be a different finding). */
export class UpdateFindingRequest {
  @Text(200, { optional: true })
  title?: string;

  @Text(5000, { optional: true })
  description?: string;

  @OneOf(SEVERITIES, { optional: true })
  severity?: Severity;

  @Text(200, { optional: true })
  owner?: string;

  @CalendarDate({ optional: true })
  dueDate?: string;

  @EffectiveAt()
  effectiveAt?: string;
}
