import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, ValidateIf } from 'class-validator';

export class IssueApiTokenRequest {
  @ApiPropertyOptional({ description: 'when the token stops working (ISO-8601); 90 days from now if left out', example: '2027-03-31T23:59:59Z' })
  @ValidateIf((_: object, value: unknown) => value !== undefined)
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601, e.g. 2027-03-31T23:59:59Z' })
  expiresAt?: string;
}
