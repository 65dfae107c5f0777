import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { AccessDirectory, ProgrammeList, ProgrammeRow } from '@tracker/read-models';
import { ListProgrammesQuery } from './list-programmes.query';

@QueryHandler(ListProgrammesQuery)
export class ListProgrammesHandler implements IQueryHandler<ListProgrammesQuery, { items: ProgrammeRow[] }> {
  constructor(
    private readonly programmes: ProgrammeList,
    private readonly directory: AccessDirectory,
  ) {}

  async execute({ visibleTo }: ListProgrammesQuery): Promise<{ items: ProgrammeRow[] }> {
    const all = this.programmes.list();
    if (visibleTo.administrator) return { items: all };
    const mine = this.directory.programmesOf(visibleTo.userId);
    return { items: all.filter((programme) => mine.has(programme.id)) };
  }
}
