import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { NoteTarget, NotesEvent, assertNever, notesStreamId } from '@tracker/domain';
import { EventStore, StoredEvent } from '@tracker/event-store';
import { EVENT_STORE } from '../../../infrastructure/tokens';
import { ProgrammeFactsReader } from '../../../shared/programme-facts.reader';
import { ListNotesQuery } from './list-notes.query';

export interface NoteView {
  readonly id: string;
  readonly target: NoteTarget;
  readonly text: string;
  /** The note this one corrects; both stay on the record. */
  readonly amends?: string;
  readonly recordedAt: string;
  /** When the note's content became true, where the writer said it differs from recordedAt. */
  readonly effectiveAt?: string;
  readonly userId: string;
}

/** Notes are few per programme and append-only, so they are read straight from their stream, oldest first. */
@QueryHandler(ListNotesQuery)
export class ListNotesHandler implements IQueryHandler<ListNotesQuery, { items: NoteView[] }> {
  constructor(
    private readonly programmes: ProgrammeFactsReader,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ programmeId }: ListNotesQuery): Promise<{ items: NoteView[] }> {
    await this.programmes.read(programmeId);
    const events = (await this.store.readStream(notesStreamId(programmeId))) as unknown as (StoredEvent & NotesEvent)[];
    return { items: events.map(noteView) };
  }
}

function noteView(event: StoredEvent & NotesEvent): NoteView {
  const { recordedAt, effectiveAt, userId } = event.metadata;
  const recorded = { recordedAt, ...(effectiveAt === undefined ? {} : { effectiveAt }), userId };
  switch (event.type) {
    case 'NoteAdded':
      return { id: event.data.noteId, target: event.data.target, text: event.data.text, ...recorded };
    case 'NoteAmended':
      return { id: event.data.noteId, target: event.data.target, text: event.data.text, amends: event.data.amends, ...recorded };
    default:
      return assertNever(event);
  }
}
