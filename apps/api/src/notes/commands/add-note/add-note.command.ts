import { ProgrammeCommand } from '../../../shared/programme-command';
import { RequestContext } from '../../../shared/request-context';
import { effectiveInstant } from '../../../shared/validation';
import { AddNoteRequest } from './add-note.request.dto';

export class AddNoteCommand extends ProgrammeCommand {
  readonly effectiveAt: string | undefined;

  constructor(
    readonly programmeId: string,
    readonly noteId: string,
    readonly note: AddNoteRequest,
    readonly context: RequestContext,
  ) {
    super();
    this.effectiveAt = effectiveInstant(note.effectiveAt);
  }
}
