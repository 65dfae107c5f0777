import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ProgrammeRow } from '@tracker/read-models';
import { ListProgrammesQuery } from './list-programmes.query';

@Controller('api/programmes')
export class ListProgrammesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(): Promise<{ items: ProgrammeRow[] }> {
    return this.queries.execute(new ListProgrammesQuery());
  }
}
