import { IsString, ValidateBy } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { passwordProblem } from '../../auth/credentials';

export class SetPasswordRequest {
  @ApiProperty({ minLength: 12, maxLength: 200, description: 'at least 12 characters, not on the common-password list; three or four random words are best' })
  @IsString({ message: 'must be text' })
  @ValidateBy({ name: 'password', validator: { validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === undefined, defaultMessage: (args) => passwordProblem(String(args?.value)) ?? '' } })
  password!: string;
}
