import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { CLOCK, Clock } from '../../../infrastructure/tokens';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { ProgrammeReplay } from '../../programme-replay';
import { ReadinessAssessor } from '../../readiness-assessor';
import { AsOfRequest, instantOf } from './get-readiness.request.dto';

@Readers()
@Controller('api/programmes/:programmeId/readiness')
export class GetReadinessHttpController {
  constructor(
    private readonly assessor: ReadinessAssessor,
    private readonly replay: ProgrammeReplay,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Computed, never typed in: the overall and per-area ratings, counts, blockers and days to go-live,
   * with the board's own rating beside them — now, as known at `asOf`, or as true at `validAt`.
   */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Query() query: AsOfRequest) {
    if (query.asOf !== undefined || query.validAt !== undefined) {
      await this.programmes.read(programmeId);
      const { items: _items, ...summary } = await this.replay.readinessAt(programmeId, { asOf: instantOf(query.asOf), validAt: instantOf(query.validAt) });
      return { ...summary, asOf: instantOf(query.asOf) ?? null, validAt: instantOf(query.validAt) ?? null };
    }
    const { programme, readiness } = this.assessor.assess(programmeId);
    const { items: _items, ...summary } = readiness;
    return { ...summary, boardRating: programme.boardRating ?? null };
  }

  /** The overall and per-area rating and counts for every day since the programme began. */
  @Get('trend')
  async trend(@Param('programmeId') programmeId: string) {
    await this.programmes.read(programmeId);
    return { days: await this.replay.trend(programmeId, this.clock()) };
  }
}
