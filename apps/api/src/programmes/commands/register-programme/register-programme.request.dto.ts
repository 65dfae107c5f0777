import { LEGAL_FORMS, LegalForm } from '@tracker/domain';
import { CalendarDate, OneOf, Text, TextList, YesNo } from '../../../shared/validation';

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

  /**
   * For a programme already under way: the day it really began, not after today. Its earlier
   * history can then be recorded as effective back to that day.
   */
  @CalendarDate({ optional: true, description: 'the day a programme already under way began (default: today); not in the future', example: '2025-10-01' })
  startedOn?: string;

  /** Registers the day-one checklist's essentials in the governance register with the programme. */
  @YesNo({ optional: true, description: 'start with the day-one checklist in the governance register (employer’s liability insurance, ICO fee, bank account, PAYE, …)' })
  dayOneChecklist?: boolean;
}
