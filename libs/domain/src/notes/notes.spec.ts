import { northshireLike } from '../programmes/programme-facts.fixture';
import { IllegalStateError, NotFoundError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { AddNote, NotesEvent, notesDecider } from './notes';
import { specification } from '../testing/specification';

const closedProgramme: ProgrammeFacts = northshireLike('closed');
const note = (data: Partial<AddNote['data']> = {}): AddNote => ({
  type: 'AddNote',
  data: { noteId: 'n-1', target: { kind: 'item', itemId: 'i-1' }, text: 'Supplier chased for consent', ...data },
  programme: closedProgramme,
  metadata: { now: '2026-11-22T10:00:00.000Z' },
});
const { given } = specification(notesDecider);
const first: NotesEvent = { type: 'NoteAdded', data: { programmeId: 'p-1', noteId: 'n-1', target: { kind: 'item', itemId: 'i-1' }, text: 'Supplier chased for consent' } };

describe('notes', () => {
  it('adds a note, even to a closed programme', () => {
    expect(given().when(note())()).toEqual([first]);
  });

  it('amends a note by adding one that points at it, about the same thing', () => {
    const amendment = note({ noteId: 'n-2', amends: 'n-1', target: { kind: 'programme' }, text: 'Consent chased twice, not once' });
    expect(given(first).when(amendment)()).toEqual([
      { type: 'NoteAmended', data: { programmeId: 'p-1', noteId: 'n-2', amends: 'n-1', target: { kind: 'item', itemId: 'i-1' }, text: 'Consent chased twice, not once' } },
    ]);
  });

  it('refuses to amend a note that does not exist, or to write the same note twice', () => {
    expect(given().when(note({ noteId: 'n-2', amends: 'n-9' }))).toThrow(new NotFoundError('note', 'n-9'));
    expect(given(first).when(note())).toThrow(IllegalStateError);
  });
});
