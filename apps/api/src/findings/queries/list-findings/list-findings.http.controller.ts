import { ApiPropertyOptional } from '@nestjs/swagger';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { IsIn, IsOptional } from 'class-validator';
import { AREAS, SEVERITIES } from '@tracker/domain';
import { isFindingOverdue } from '@tracker/readiness';
import { Readers } from '../../../access/auth/permissions';
import { asOfEcho, atOf } from '../../../readiness/as-of.request.dto';
import { ProgrammeViews } from '../../../readiness/programme-views';
import { page } from '../../../shared/page.request.dto';
import { ProgrammeListRequest } from '../../../registers/queries/list-register/list-register.request.dto';

const STATUSES = ['open', 'mitigated', 'resolved', 'closed', 'risk-accepted'];

export class ListFindingsRequest extends ProgrammeListRequest {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `must be one of: ${STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES, { message: `must be one of: ${SEVERITIES.join(', ')}` })
  severity?: string;

  @ApiPropertyOptional({ enum: AREAS })
  @IsOptional()
  @IsIn(AREAS, { message: `must be one of: ${AREAS.join(', ')}` })
  area?: string;
}

@Readers()
@Controller('api/programmes/:programmeId/findings')
export class ListFindingsHttpController {
  constructor(private readonly views: ProgrammeViews) {}

  /** The programme's findings, oldest first, each saying whether it is overdue, filtered by status, severity and area — now, or at `asOf` / `validAt`. */
  @Get()
  async list(@Param('programmeId') programmeId: string, @Query() query: ListFindingsRequest) {
    const { view, today } = await this.views.judged(programmeId, atOf(query));
    const findings = view.findings
      .filter((f) => (query.status === undefined || f.status === query.status) && (query.severity === undefined || f.severity === query.severity) && (query.area === undefined || f.target.area === query.area))
      .map(({ findingId, ...rest }) => ({ id: findingId, ...rest, overdue: isFindingOverdue(rest, today) }));
    return { ...page(findings, query), ...asOfEcho(query) };
  }
}
