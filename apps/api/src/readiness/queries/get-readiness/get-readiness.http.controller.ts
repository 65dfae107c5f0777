import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { AsOfRequest, asOfEcho, atOf } from '../../as-of.request.dto';
import { ProgrammeViews } from '../../programme-views';

@Readers()
@Controller('api/programmes/:programmeId/readiness')
export class GetReadinessHttpController {
  constructor(
    private readonly views: ProgrammeViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Computed, never typed in: the overall and per-area ratings, counts, blockers and days to go-live,
   * with the board's own rating beside them — now, as known at `asOf`, or as true at `validAt`.
   */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Query() query: AsOfRequest) {
    const { view, readiness } = await this.views.judged(programmeId, atOf(query));
    const { items: _items, ...summary } = readiness;
    return { ...summary, boardRating: view.programme.boardRating ?? null, ...asOfEcho(query) };
  }

  /** The overall and per-area rating and counts for every day since the programme began. */
  @Get('trend')
  async trend(@Param('programmeId') programmeId: string) {
    return { days: await this.views.trend(programmeId, this.clock()) };
  }
}
