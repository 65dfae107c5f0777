import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

export class AsOfRequest {
  @ApiPropertyOptional({ description: 'the state as it was known then: events recorded up to this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'what is now known to have been true then: events effective up to this instant (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601' })
  validAt?: string;
}

/** A bare date means the end of that day. */
export function instantOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : new Date(value).toISOString();
}
