import { Query } from '@nestjs/cqrs';
import type { FindingView } from './get-finding.handler';
export class GetFindingQuery extends Query<FindingView> {
  constructor(
    readonly programmeId: string,
    readonly findingId: string,
  ) {
    super();
  }
}
