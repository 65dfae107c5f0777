import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AddNote,
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
import { EventStore } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { CommandResult, CommandRunner } from '../../../shared/command-runner';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { effectiveInstant } from '../../../shared/validation';
import { AddNoteCommand } from './add-note.command';
import { noteTargetOf } from './add-note.request.dto';

/** Notes may be written whatever the programme's status, even after go-live or closure: the decider decides. */
@CommandHandler(AddNoteCommand)
export class AddNoteHandler implements ICommandHandler<AddNoteCommand, CommandResult> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly programmes: ProgrammeFactsReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ programmeId, noteId, note, context }: AddNoteCommand): Promise<CommandResult> {
    const programme = await this.programmes.read(programmeId);
    const target = noteTargetOf(note.target);
    await this.assertTargetExists(programmeId, target);
    const command: Omit<AddNote, 'metadata'> = {
      type: 'AddNote',
      data: { noteId, target, text: note.text, ...(note.amends === undefined ? {} : { amends: note.amends }) },
      programme,
    };
    return this.runner.run(notesDecider, notesStreamId(programmeId), command, context, effectiveInstant(note.effectiveAt));
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
