import { Text } from '../../../shared/validation';

export class CloseProgrammeRequest {
  @Text(2000, { description: 'why the programme is closed (handed over after go-live, or stopped)' })
  note!: string;
}
