import { Controller, Get, Param } from '@nestjs/common';
import { Readers } from '../../../access/auth/permissions';
import { Digests } from '../../../audit/digests';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { dashboardOf } from '../../dashboard';
import { ProgrammeViews } from '../../programme-views';

@Readers()
@Controller('api/programmes/:programmeId/decisions/:decisionId/dashboard')
export class WhatTheBoardSawHttpController {
  constructor(
    private readonly views: ProgrammeViews,
    private readonly digests: Digests,
    private readonly programmes: ProgrammeFactsReader,
  ) {}

  /**
   * What the board saw when it took a decision: the dashboard over exactly the events the decision's
   * signed digest covers, judged on the day it was taken, with the digest to check it against.
   */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Param('decisionId') decisionId: string) {
    await this.programmes.read(programmeId);
    const digest = await this.digests.ofDecision(programmeId, decisionId);
    return { decisionId, digest, dashboard: dashboardOf(await this.views.whatTheBoardSaw(programmeId, digest)) };
  }
}
