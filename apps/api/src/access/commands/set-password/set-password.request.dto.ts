import { IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { passwordProblem } from '../../auth/credentials';

export class SetPasswordRequest {
  @ApiProperty({ minLength: 12, maxLength: 200, description: 'at least 12 characters, not on the common-password list; three or four random words are best' })
  @IsString({ message: 'must be text' })
  @ValidateBy({ name: 'password', validator: { validate: (value: unknown) => typeof value === 'string' && passwordProblem(value) === undefined, defaultMessage: (args) => passwordProblem(String(args?.value)) ?? '' } })
  password!: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'your current password: needed to change your own password when signed in with a browser session (not with an API token, nor for someone else’s account)' })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  currentPassword?: string;
}
