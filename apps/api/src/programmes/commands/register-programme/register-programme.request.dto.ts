import { LEGAL_FORMS, LegalForm } from '@tracker/domain';
import { CalendarDate, OneOf, RequiredText, TextList } from '../../../shared/validation';

export class RegisterProgrammeRequest {
  @RequiredText()
  name!: string;

  @RequiredText()
  council!: string;

  /** The new body's name, e.g. "Northshire Children's Trust". */
  @RequiredText()
  newBody!: string;

  @OneOf(LEGAL_FORMS)
  legalForm!: LegalForm;

  @TextList({ min: 1, max: 50, maxLength: 200, noun: 'service' })
  servicesInScope!: string[];

  /** Provisional until confirmed. */
  @CalendarDate()
  goLiveDate!: string;
}
