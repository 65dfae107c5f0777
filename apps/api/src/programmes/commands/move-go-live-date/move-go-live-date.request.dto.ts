import { GO_LIVE_MOVE_REASON_CODES, GoLiveMoveReason } from '@tracker/domain';
import { CalendarDate, CodeList, Text } from '../../../shared/validation';

export class MoveGoLiveDateRequest {
  @CalendarDate({ description: 'the new go-live date, after today' })
  date!: string;

  /** At least one; bringing the date forward accepts fewer codes than putting it back. */
  @CodeList(GO_LIVE_MOVE_REASON_CODES, { min: 1, noun: 'reason' })
  reasons!: GoLiveMoveReason[];

  @Text(2000, { description: 'why, in words: kept with the move for ever' })
  note!: string;
}
