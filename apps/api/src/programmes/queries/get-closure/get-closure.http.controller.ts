import { Controller, Get, Param } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { outstandingOf } from '../../../readiness/outstanding';
import { ProgrammeViews } from '../../../readiness/programme-views';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';

/**
 * The programme's closure: once closed, how (the reason, the review, what was handed over to whom);
 * until then, what a closure would need handed over — everything outstanding as readiness judges it
 * now, each by the id a handover names it with.
 */
@Readers()
@Controller('api/programmes/:programmeId/closure')
export class GetClosureHttpController {
  constructor(
    private readonly views: ProgrammeViews,
    private readonly facts: ProgrammeFactsReader,
  ) {}

  @Get()
  async get(@Param('programmeId') programmeId: string) {
    const { status } = await this.facts.read(programmeId);
    if (status === 'closed') return { closed: true, ...(await this.views.closure(programmeId)) };
    return { closed: false, wentLive: status === 'live', outstanding: status === 'live' ? outstandingOf((await this.views.judged(programmeId)).readiness) : [] };
  }
}
