import { LEGAL_FORMS, LegalForm } from '@tracker/domain';
import { CalendarDate, OneOf, Text, TextList } from '../../../shared/validation';

export class RegisterProgrammeRequest {
  @Text()
  name!: string;

  @Text()
  council!: string;

  /** The new body's name, e.g. "Northshire Children's Trust". */
  @Text()
  newBody!: string;

  @OneOf(LEGAL_FORMS)
  legalForm!: LegalForm;

  @TextList({ min: 1, max: 50, maxLength: 200, noun: 'service' })
  servicesInScope!: string[];

  /** Provisional until confirmed. */
  @CalendarDate()
  goLiveDate!: string;
}
