import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { AREAS } from '@tracker/domain';
import { PageRequest } from '../../../shared/page.request.dto';

export const AUDIT_FORMATS = ['json', 'csv', 'jsonl'] as const;

export class GetAuditTrailRequest extends PageRequest {
  @ApiPropertyOptional({ enum: AUDIT_FORMATS, description: 'json pages; csv (UTF-8 with BOM, for Excel) and jsonl download everything that matches' })
  @IsOptional()
  @IsIn(AUDIT_FORMATS, { message: 'must be one of: json, csv, jsonl' })
  format?: (typeof AUDIT_FORMATS)[number];

  @ApiPropertyOptional({ enum: AREAS })
  @IsOptional()
  @IsIn(AREAS, { message: `must be one of: ${AREAS.join(', ')}` })
  area?: string;

  @ApiPropertyOptional() @IsOptional() @IsString({ message: 'must be text' }) @MaxLength(100, { message: 'must be at most 100 characters' })
  itemId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString({ message: 'must be text' }) @MaxLength(100, { message: 'must be at most 100 characters' })
  findingId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString({ message: 'must be text' }) @MaxLength(100, { message: 'must be at most 100 characters' })
  userId?: string;

  @ApiPropertyOptional({ description: 'an event type, e.g. FindingClosed' })
  @IsOptional()
  @IsString({ message: 'must be text' })
  @MaxLength(100, { message: 'must be at most 100 characters' })
  type?: string;

  @ApiPropertyOptional({ description: 'recorded at or after (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601' })
  from?: string;

  @ApiPropertyOptional({ description: 'recorded at or before (ISO-8601)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be a date or an instant in ISO-8601' })
  to?: string;
}
