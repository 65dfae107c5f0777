import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

export class IssueApiTokenRequest {
  @ApiPropertyOptional({
    description: 'when the token stops working (ISO-8601); 90 days from now if left out; at most API_TOKEN_MAX_DAYS (366 unless configured) from now',
    example: '2027-03-31T23:59:59Z',
  })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601, e.g. 2027-03-31T23:59:59Z' })
  expiresAt?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'your current password: needed to issue yourself a token when signed in with a browser session (not with an API token, nor for someone else)' })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  currentPassword?: string;
}
