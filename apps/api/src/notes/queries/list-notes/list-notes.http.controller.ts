import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { NoteView } from './list-notes.handler';
import { ListNotesQuery } from './list-notes.query';
import { Readers } from '../../../access/auth/permissions';

@Readers()
@Controller('api/programmes/:programmeId/notes')
export class ListNotesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@Param('programmeId') programmeId: string): Promise<{ items: NoteView[] }> {
    return this.queries.execute(new ListNotesQuery(programmeId));
  }
}
