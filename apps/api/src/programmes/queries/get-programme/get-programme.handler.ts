import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError } from '@tracker/domain';
import { ProgrammeList, ProgrammeRow } from '@tracker/read-models';
import { GetProgrammeQuery } from './get-programme.query';

@QueryHandler(GetProgrammeQuery)
export class GetProgrammeHandler implements IQueryHandler<GetProgrammeQuery, ProgrammeRow> {
  constructor(private readonly programmes: ProgrammeList) {}

  async execute({ programmeId }: GetProgrammeQuery): Promise<ProgrammeRow> {
    const programme = this.programmes.get(programmeId);
    if (!programme) throw new NotFoundError('programme', programmeId);
    return programme;
  }
}
