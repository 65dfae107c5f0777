import { RequestContext } from '../../../shared/request-context';
import { AddNoteRequest } from './add-note.request.dto';

export class AddNoteCommand {
  constructor(
    readonly programmeId: string,
    readonly noteId: string,
    readonly note: AddNoteRequest,
    readonly context: RequestContext,
  ) {}
}
