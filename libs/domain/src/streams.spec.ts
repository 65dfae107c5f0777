import { budgetStreamId, digestsStreamId, findingStreamId, itemStreamId, membersStreamId, notesStreamId, programmeOfStream, programmeStreamId, programmeStreamOf, userStreamId } from './streams';

const P = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const ITEM = '0b8c5f1e-2a3d-4c4e-9f50-6a7b8c9d0e1f';

describe('stream names: made and read in one place', () => {
  it('reads back every stream of a programme as it was made', () => {
    expect(programmeStreamOf(programmeStreamId(P))).toEqual({ kind: 'programme', programmeId: P });
    expect(programmeStreamOf(itemStreamId(P, ITEM))).toEqual({ kind: 'item', programmeId: P, itemId: ITEM });
    expect(programmeStreamOf(findingStreamId(P, ITEM))).toEqual({ kind: 'finding', programmeId: P, findingId: ITEM });
    expect(programmeStreamOf(budgetStreamId(P))).toEqual({ kind: 'budgets', programmeId: P });
    expect(programmeStreamOf(notesStreamId(P))).toEqual({ kind: 'notes', programmeId: P });
    expect(programmeStreamOf(membersStreamId(P))).toEqual({ kind: 'members', programmeId: P });
  });

  it('says a stream belongs to no programme when its name is not one a programme’s writer makes', () => {
    expect(programmeStreamOf(userStreamId(P))).toBeUndefined();
    expect(programmeStreamOf(digestsStreamId(P))).toBeUndefined();
    // Not a programme's id: too short, upper case, or run on without a dash.
    expect(programmeOfStream('programme-1234')).toBeUndefined();
    expect(programmeOfStream(`programme-${P.toUpperCase()}`)).toBeUndefined();
    expect(programmeOfStream(`programme-${P}x`)).toBeUndefined();
    // A programme's id, but a part no writer makes.
    expect(programmeOfStream(`programme-${P}-ledger`)).toBe(P);
    expect(programmeStreamOf(`programme-${P}-ledger`)).toBeUndefined();
    expect(programmeStreamOf(`programme-${P}-budgetsX`)).toBeUndefined();
  });
});
