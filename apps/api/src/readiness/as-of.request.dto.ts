import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { ukEndOfDay } from '@tracker/domain';
import type { At } from './programme-views';

/** Every programme query can be asked of another time. */
export class AsOfRequest {
  @ApiPropertyOptional({ description: 'the state as it was known then: events recorded up to this instant (ISO-8601; a bare date means the end of that day in the UK)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601' })
  asOf?: string;

  @ApiPropertyOptional({ description: 'what is now known to have been true then: events effective up to this instant (ISO-8601; a bare date means the end of that day in the UK)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601' })
  validAt?: string;
}

/** The times asked for, as canonical instants; a bare date means the end of that day. */
export function atOf(query: AsOfRequest): At {
  return { ...(query.asOf === undefined ? {} : { asOf: instantOf(query.asOf) }), ...(query.validAt === undefined ? {} : { validAt: instantOf(query.validAt) }) };
}

/** What a time-travelling answer says about the time it answers for. */
export function asOfEcho(query: AsOfRequest): { asOf: string | null; validAt: string | null } | Record<string, never> {
  const at = atOf(query);
  if (at.asOf === undefined && at.validAt === undefined) return {};
  return { asOf: at.asOf ?? null, validAt: at.validAt ?? null };
}

/** A bare date is a UK day, as effective dates are: in summer it ends at 22:59:59.999 UTC. */
function instantOf(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? ukEndOfDay(value) : new Date(value).toISOString();
}
