import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AddNoteHttpController } from './commands/add-note/add-note.http.controller';
import { AddNoteHandler } from './commands/add-note/add-note.handler';
import { ListNotesHttpController } from './queries/list-notes/list-notes.http.controller';
import { ListNotesHandler } from './queries/list-notes/list-notes.handler';

@Module({
  imports: [CqrsModule],
  controllers: [AddNoteHttpController, ListNotesHttpController],
  providers: [AddNoteHandler, ListNotesHandler],
})
export class NotesModule {}
