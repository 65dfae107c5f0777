import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { AsOfRequest, asOfEcho, atOf } from '../../as-of.request.dto';
import { SCALE, deliveryConfidenceOf } from '../../dashboard';
import { ProgrammeViews } from '../../programme-views';

@Readers()
@Controller('api/programmes/:programmeId/readiness')
export class GetReadinessHttpController {
  constructor(
    private readonly views: ProgrammeViews,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Computed, never typed in: the overall and per-area readiness, counts, blockers and days to go-live,
   * the rule-set version judged with, the board's own delivery confidence beside them, and the scale
   * both are given on — now, as known at `asOf`, or as true at `validAt`.
   */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Query() query: AsOfRequest) {
    const { view, readiness } = await this.views.judged(programmeId, atOf(query));
    const { items: _items, ...summary } = readiness;
    return { ...summary, deliveryConfidence: deliveryConfidenceOf(view.programme), scale: SCALE, ...asOfEcho(query) };
  }

  /** The overall and per-area rating and counts for every day since the programme began. */
  @Get('trend')
  async trend(@Param('programmeId') programmeId: string) {
    return { days: await this.views.trend(programmeId), scale: SCALE };
  }
}
