import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FindingEvent, NotFoundError, RaisedFinding, findingDecider, findingStreamId, fold } from '@tracker/domain';
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { GetFindingQuery } from './get-finding.query';

/** The finding as it stands, and the version to send back in If-Match. */
export type FindingView = RaisedFinding & { readonly version: number };

/** One finding, straight from its stream: always current, with no read model to wait for. */
@QueryHandler(GetFindingQuery)
export class GetFindingHandler implements IQueryHandler<GetFindingQuery, FindingView> {
  constructor(
    private readonly programmes: ProgrammeFactsReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ programmeId, findingId }: GetFindingQuery): Promise<FindingView> {
    // An unknown programme is named as such, not reported as a missing finding.
    await this.programmes.read(programmeId);
    const events = await this.store.readStream(findingStreamId(programmeId, findingId));
    const finding = fold(findingDecider, events as unknown as FindingEvent[]);
    if (finding.status === 'none') throw new NotFoundError('finding', findingId);
    return { ...finding, version: events.length };
  }
}
