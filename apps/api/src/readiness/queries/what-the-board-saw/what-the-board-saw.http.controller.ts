import { Controller, Get, Param } from '@nestjs/common';
import { DecisionLogStore } from '@tracker/read-models';
import { Readers } from '../../../access/auth/permissions';
import { Digests } from '../../../audit/digests';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { dashboardOf } from '../../dashboard';
import { ProgrammeViews } from '../../programme-views';
import { whatTheBoardSaw } from '../../what-the-board-saw';

@Readers()
@Controller('api/programmes/:programmeId/decisions/:decisionId/dashboard')
export class WhatTheBoardSawHttpController {
  constructor(
    private readonly views: ProgrammeViews,
    private readonly digests: Digests,
    private readonly programmes: ProgrammeFactsReader,
    private readonly decisionLog: DecisionLogStore,
  ) {}

  /**
   * What the board saw when it took a decision: the dashboard over exactly the events the decision's
   * signed digest covers, judged on the day it was taken with the rule-set version the decision
   * recorded (version 1 where it recorded none), with the digest to check it against.
   */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Param('decisionId') decisionId: string) {
    await this.programmes.read(programmeId);
    const { digest, rulesetVersion, judged } = await whatTheBoardSaw(this.views, this.digests, programmeId, decisionId, this.decisionLog);
    return { decisionId, digest, rulesetVersion, dashboard: dashboardOf(judged) };
  }
}
