import { IsString, MaxLength, MinLength } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';

export class SetPasswordRequest {
  @ApiProperty({ minLength: 12, maxLength: 200, description: 'at least 12 characters; a passphrase is best' })
  @IsString({ message: 'must be text' })
  @MinLength(12, { message: 'must be at least 12 characters' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  password!: string;
}
