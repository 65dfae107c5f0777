import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ProgrammeList, ProgrammeRow } from '@tracker/read-models';
import { ListProgrammesQuery } from './list-programmes.query';

@QueryHandler(ListProgrammesQuery)
export class ListProgrammesHandler implements IQueryHandler<ListProgrammesQuery, { items: ProgrammeRow[] }> {
  constructor(private readonly programmes: ProgrammeList) {}

  async execute(): Promise<{ items: ProgrammeRow[] }> {
    return { items: this.programmes.list() };
  }
}
