import { Controller, Get, Param } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { ReadinessAssessor } from '../../readiness-assessor';

@Readers()
@Controller('api/programmes/:programmeId/readiness')
export class GetReadinessHttpController {
  constructor(private readonly assessor: ReadinessAssessor) {}

  /** Computed, never typed in: the overall and per-area ratings, counts, blockers and days to go-live, with the board’s own rating beside them. */
  @Get()
  get(@Param('programmeId') programmeId: string) {
    const { programme, readiness } = this.assessor.assess(programmeId);
    const { items: _items, ...summary } = readiness;
    return { ...summary, boardRating: programme.boardRating ?? null };
  }
}
