import { CalendarDate } from '../../../shared/validation';

export class RecordGoLiveRequest {
  @CalendarDate({ description: 'the day the new body actually went live' })
  date!: string;
}
