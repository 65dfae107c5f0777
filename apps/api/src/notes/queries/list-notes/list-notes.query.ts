import { Query } from '@nestjs/cqrs';
import type { NoteView } from './list-notes.handler';
export class ListNotesQuery extends Query<{ items: NoteView[] }> {
  constructor(readonly programmeId: string) {
    super();
  }
}
