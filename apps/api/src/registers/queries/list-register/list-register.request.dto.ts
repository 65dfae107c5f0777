import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageRequest } from '../../../shared/page.request.dto';
import { AsOfRequest } from '../../../readiness/as-of.request.dto';

/** Paging and time travel, for every list of a programme's things. */
export class ProgrammeListRequest extends IntersectionType(PageRequest, AsOfRequest) {}

export class ListRegisterRequest extends ProgrammeListRequest {
  @ApiPropertyOptional({ enum: ['ready', 'at-risk', 'not-ready', 'not-applicable'] })
  @IsOptional()
  @IsIn(['ready', 'at-risk', 'not-ready', 'not-applicable'], { message: 'must be one of: ready, at-risk, not-ready, not-applicable' })
  readiness?: string;
}
