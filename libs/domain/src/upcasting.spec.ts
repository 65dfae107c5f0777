import {
  Command,
  Decider,
  DomainEvent,
  UnreadableEventError,
  budgetsDecider,
  digestsDecider,
  findingDecider,
  fold,
  keyRotationsDecider,
  membershipDecider,
  notesDecider,
  programmeDecider,
  registerItemDecider,
  upcasting,
  userDecider,
} from './index';

/** Version 1 wrote `{ n }`; version 2 writes `{ amount, unit }`. */
type Counted = DomainEvent<'Counted', { amount: number; unit: string }>;
type Count = Command<'Count', { amount: number }>;

const counter: Decider<{ total: number; units: string[] }, Count, Counted> = upcasting<{ total: number; units: string[] }, Count, Counted>({
  initialState: () => ({ total: 0, units: [] }),
  decide: (command) => [{ type: 'Counted', data: { amount: command.data.amount, unit: 'each' } }],
  evolve: (state, event) => ({ total: state.total + event.data.amount, units: [...state.units, event.data.unit] }),
  schemaVersions: { Counted: 2 },
  upcasters: { Counted: { 1: (data: { n: number }) => ({ amount: data.n, unit: 'each (v1)' }) } },
});

/** As the store gives them back: with the schema version each was written with. */
const stored = (schemaVersion: number, data: unknown) => ({ type: 'Counted', data, schemaVersion }) as unknown as Counted;

describe('upcasting: events written with an older schema version are read in today’s shape', () => {
  it('reads a v1 event as v2 in a fold, beside a v2 event and one fresh from decide', () => {
    const fresh = counter.decide({ type: 'Count', data: { amount: 5 }, metadata: { now: '2026-12-07T10:00:00Z' } }, counter.initialState());
    const state = fold(counter, [stored(1, { n: 2 }), stored(2, { amount: 3, unit: 'each' }), ...fresh]);
    expect(state).toEqual({ total: 10, units: ['each (v1)', 'each', 'each'] });
  });

  it('refuses, naming the type and versions, an event from a newer server or with a missing step', () => {
    expect(() => fold(counter, [stored(3, { amount: 1, unit: 'x' })])).toThrow(new UnreadableEventError('Counted', 3, 2, 'it was written by a newer version of the tracker'));
    const noSteps = upcasting<{ total: number; units: string[] }, Count, Counted>({ ...counter, upcasters: {} });
    expect(() => fold(noSteps, [stored(1, { n: 2 })])).toThrow('A Counted event of schema version 1 cannot be read as version 2: no upcaster from version 1 to 2');
  });

  it('is how every decider of the domain evolves: none can meet an event it cannot read without saying so', () => {
    const deciders = { programmeDecider, registerItemDecider, findingDecider, budgetsDecider, notesDecider, membershipDecider, userDecider, digestsDecider, keyRotationsDecider };
    type AnyDecider = { evolve(state: unknown, event: unknown): unknown; initialState(): unknown; readonly schemaVersions: Record<string, number> };
    for (const [name, decider] of Object.entries(deciders as unknown as Record<string, AnyDecider>)) {
      const [type, current] = Object.entries(decider.schemaVersions)[0];
      const future = { type, data: {}, schemaVersion: current + 1 };
      const thrown = (() => {
        try {
          decider.evolve(decider.initialState(), future);
          return undefined;
        } catch (error) {
          return (error as Error).name;
        }
      })();
      expect({ name, thrown }).toEqual({ name, thrown: 'UnreadableEventError' });
    }
  });
});
