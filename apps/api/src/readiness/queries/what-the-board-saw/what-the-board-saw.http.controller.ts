import { Controller, Get, Inject, Param } from '@nestjs/common';
import { SignedDigest } from '@tracker/audit';
import { NotFoundError, digestsStreamId } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { Readers } from '../../../access/auth/permissions';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { dashboardOf } from '../../dashboard';
import { ProgrammeViews } from '../../programme-views';

@Readers()
@Controller('api/programmes/:programmeId/decisions/:decisionId/dashboard')
export class WhatTheBoardSawHttpController {
  constructor(
    private readonly views: ProgrammeViews,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /**
   * What the board saw when it took a decision: the dashboard over exactly the events the decision's
   * signed digest covers, judged on the day it was taken, with the digest to check it against.
   */
  @Get()
  async get(@Param('programmeId') programmeId: string, @Param('decisionId') decisionId: string) {
    await this.views.judged(programmeId);
    const digest = (await this.store.readStream(digestsStreamId(programmeId)))
      .map((event) => (event.data as { digest: SignedDigest }).digest)
      .find((d) => d.reason === `board decision ${decisionId}`);
    if (!digest) throw new NotFoundError('board decision', decisionId);
    const dashboard = dashboardOf(await this.views.judged(programmeId, { position: digest.position, asOf: digest.takenAt }));
    return { decisionId, digest, dashboard };
  }
}
