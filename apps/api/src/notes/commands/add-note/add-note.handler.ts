import { CommandHandler } from '@nestjs/cqrs';
import {
  FindingEvent,
  NoteTarget,
  NotFoundError,
  RegisterItemEvent,
  assertNever,
  findingDecider,
  findingStreamId,
  fold,
  itemStreamId,
  notesDecider,
  notesStreamId,
  registerItemDecider,
} from '@tracker/domain';
import { ProgrammeCommandHandler, onStream } from '../../../shared/programme-command';
import { AddNoteCommand } from './add-note.command';
import { noteTargetOf } from './add-note.request.dto';

/** Notes may be written whatever the programme's status, even after go-live or closure: the decider decides. */
@CommandHandler(AddNoteCommand)
export class AddNoteHandler extends ProgrammeCommandHandler<AddNoteCommand> {
  async onStream({ programmeId, noteId, note }: AddNoteCommand) {
    const target = noteTargetOf(note.target);
    await this.assertTargetExists(programmeId, target);
    const data = { noteId, target, text: note.text, ...(note.amends === undefined ? {} : { amends: note.amends }) };
    return onStream(notesDecider, notesStreamId(programmeId), { type: 'AddNote', data });
  }

  /** A note about an item or a finding must be about one that exists in this programme. */
  private async assertTargetExists(programmeId: string, target: NoteTarget): Promise<void> {
    switch (target.kind) {
      case 'programme':
      case 'area':
        return;
      case 'item': {
        const events = await this.store.readStream(itemStreamId(programmeId, target.itemId));
        const item = fold(registerItemDecider, events as unknown as RegisterItemEvent[]);
        if (item.status === 'none') throw new NotFoundError('register item', target.itemId);
        return;
      }
      case 'finding': {
        const events = await this.store.readStream(findingStreamId(programmeId, target.findingId));
        const finding = fold(findingDecider, events as unknown as FindingEvent[]);
        if (finding.status === 'none') throw new NotFoundError('finding', target.findingId);
        return;
      }
      default:
        return assertNever(target);
    }
  }
}
