import { IsEmail } from 'class-validator';
import { Text, YesNo } from '../../../shared/validation';

export class CreateUserRequest {
  @Text(254, { example: 'ann.adviser@education.gov.uk' })
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @Text(200, { example: 'Ann Adviser' })
  name!: string;

  @YesNo({ optional: true, description: 'an administrator holds every right in every programme' })
  administrator?: boolean;
}
