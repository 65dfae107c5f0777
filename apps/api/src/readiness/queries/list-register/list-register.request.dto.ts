import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AsOfRequest } from '../../as-of.request.dto';

/** Paging shared by every list: up to 1,000 at a time. */
export class PageRequest {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  @Max(1000, { message: 'must be at most 1000' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must not be negative' })
  offset?: number;
}

/** Paging and time travel, for every list of a programme's things. */
export class ProgrammeListRequest extends IntersectionType(PageRequest, AsOfRequest) {}

export class ListRegisterRequest extends ProgrammeListRequest {
  @ApiPropertyOptional({ enum: ['ready', 'at-risk', 'not-ready', 'not-applicable'] })
  @IsOptional()
  @IsIn(['ready', 'at-risk', 'not-ready', 'not-applicable'], { message: 'must be one of: ready, at-risk, not-ready, not-applicable' })
  readiness?: string;
}

export function page<T>(all: readonly T[], request: PageRequest) {
  const offset = request.offset ?? 0;
  const limit = request.limit ?? 100;
  return { items: all.slice(offset, offset + limit), total: all.length, offset, limit };
}
