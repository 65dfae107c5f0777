import { Controller, Get, Param, Query } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { AsOfRequest, asOfEcho, atOf } from '../../as-of.request.dto';
import { dashboardOf } from '../../dashboard';
import { ProgrammeViews } from '../../programme-views';

@Readers()
@Controller('api/programmes/:programmeId/dashboard')
export class GetDashboardHttpController {
  constructor(private readonly views: ProgrammeViews) {}

  /** The board's page in one answer — now, as known at `asOf`, or as true at `validAt`. */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Query() query: AsOfRequest) {
    return { ...dashboardOf(await this.views.judged(programmeId, atOf(query))), ...asOfEcho(query) };
  }
}
