import { CalendarDate } from '../../../shared/validation';

export class ConfirmGoLiveDateRequest {
  /** The date being confirmed: it must be the current go-live date, so nobody confirms a date that has just moved. */
  @CalendarDate({ description: 'the current go-live date, repeated to show which date is confirmed' })
  date!: string;
}
