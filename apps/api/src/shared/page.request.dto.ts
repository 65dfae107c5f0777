import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

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

/** One page of a list held whole. */
export function page<T>(all: readonly T[], request: PageRequest) {
  const offset = request.offset ?? 0;
  const limit = request.limit ?? 100;
  return { items: all.slice(offset, offset + limit), total: all.length, offset, limit };
}
