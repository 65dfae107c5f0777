import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { IllegalStateError, NotFoundError } from '../errors';
import { Area, ProgrammeFacts } from '../programmes/programme-facts';

/** What a note is about. */
export type NoteTarget =
  | { readonly kind: 'programme' }
  | { readonly kind: 'area'; readonly area: Area }
  | { readonly kind: 'item'; readonly itemId: string }
  | { readonly kind: 'finding'; readonly findingId: string };

/**
 * Notes are append-only: a correction is a new note that points at the one it amends, so the
 * record shows both. Notes may be written at any stage, even after the programme closes.
 */
export type AddNote = Command<
  'AddNote',
  { readonly noteId: string; readonly target: NoteTarget; readonly text: string; readonly amends?: string }
> & { readonly programme: ProgrammeFacts };

export type NoteAdded = DomainEvent<
  'NoteAdded',
  { readonly programmeId: string; readonly noteId: string; readonly target: NoteTarget; readonly text: string }
>;
export type NoteAmended = DomainEvent<
  'NoteAmended',
  { readonly programmeId: string; readonly noteId: string; readonly amends: string; readonly target: NoteTarget; readonly text: string }
>;
export type NotesEvent = NoteAdded | NoteAmended;

/** The notes of one programme, by id, with what each is about. */
export interface Notes {
  readonly targets: ReadonlyMap<string, NoteTarget>;
}

export const notesDecider: Decider<Notes, AddNote, NotesEvent> = upcasting<Notes, AddNote, NotesEvent>({
  initialState: () => ({ targets: new Map() }),

  decide(command, state) {
    const { noteId, target, text, amends } = command.data;
    const programmeId = command.programme.programmeId;
    if (state.targets.has(noteId)) throw new IllegalStateError('This note has already been written');
    if (amends === undefined) return [{ type: 'NoteAdded', data: { programmeId, noteId, target, text } }];
    const amended = state.targets.get(amends);
    if (amended === undefined) throw new NotFoundError('note', amends);
    // An amendment is about what the note it amends was about.
    return [{ type: 'NoteAmended', data: { programmeId, noteId, amends, target: amended, text } }];
  },

  evolve(state, event) {
    switch (event.type) {
      case 'NoteAdded':
      case 'NoteAmended':
        return { targets: new Map(state.targets).set(event.data.noteId, event.data.target) };
      default:
        return assertNever(event);
    }
  },

  schemaVersions: { NoteAdded: 1, NoteAmended: 1 },
});
