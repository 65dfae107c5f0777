import { Query } from '@nestjs/cqrs';
import type { ProgrammeRow } from '@tracker/read-models';
export class GetProgrammeQuery extends Query<ProgrammeRow> {
  constructor(readonly programmeId: string) {
    super();
  }
}
