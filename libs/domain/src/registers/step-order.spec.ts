import { programmeFactsOf } from '../programmes/programme-facts.fixture';
import { ItemProgress, RegisterItem, RegisterItemCommand, RegisteredItem, registerItemDecider, whyStepCannotStartYet } from './register-item';

/* A programme set up in January 2026, going live on 1 April 2027; the list is read on 22 November 2026. */
const programme = programmeFactsOf({ programmeId: 'p-1', status: 'active', registeredAt: '2026-01-05T09:00:00.000Z', goLiveDate: '2027-04-01' });
const now = '2026-11-22T10:00:00.000Z';
const today = '2026-11-22';
const itemId = 'item-1';

const register = (kind: RegisterItem['data']['kind'], details: Record<string, unknown>): RegisterItemCommand =>
  ({ type: 'RegisterItem', data: { itemId, reference: 'REF-1', kind, details }, programme, metadata: { now } }) as unknown as RegisterItemCommand;
const step = (p: ItemProgress): RegisterItemCommand => ({ type: 'RecordItemProgress', data: { itemId, ...p }, programme, metadata: { now } }) as unknown as RegisterItemCommand;

/** The item the commands make, each decided on what the ones before made. */
function itemAfter(...commands: RegisterItemCommand[]): RegisteredItem {
  let state = registerItemDecider.initialState();
  for (const command of commands) for (const event of registerItemDecider.decide(command, state)) state = registerItemDecider.evolve(state, event);
  return state as RegisteredItem;
}

const novation = register('contract', { supplier: 'Carefirst Ltd', title: 'Case management licences', annualValue: 120000, expiryDate: '2028-03-31', mechanism: 'novate' });

describe('whether a step can start yet (the step list’s “Cannot start yet”)', () => {
  it('says a deed of novation cannot be signed before the supplier’s consent, in the words its refusal uses, and can once consent is received', () => {
    expect(whyStepCannotStartYet(itemAfter(novation), 'deed-signed-by-council', today, programme)).toBe('The supplier’s consent to the novation must be received before anyone signs the deed');
    const consented = itemAfter(novation, step({ kind: 'contract', step: 'consent-received', fields: {} }));
    expect(whyStepCannotStartYet(consented, 'deed-signed-by-council', today, programme)).toBeUndefined();
  });

  it('says a step of another route cannot start, naming the route chosen', () => {
    expect(whyStepCannotStartYet(itemAfter(novation), 'notice-served', today, programme)).toBe('Notice is served only for a contract to terminate; choose that route first (now: novate)');
    expect(whyStepCannotStartYet(itemAfter(novation), 'consent-requested', today, programme)).toBeUndefined();
  });

  it('says a process cannot be walked through before its owner is named, and can after', () => {
    const process = register('process', { name: 'Referral triage' });
    expect(whyStepCannotStartYet(itemAfter(process), 'walked-through', today, programme)).toBe('Name the process owner in the trust before recording the walk-through');
    expect(whyStepCannotStartYet(itemAfter(process, step({ kind: 'process', step: 'owner-named', fields: { owner: 'Head of Early Help' } } as ItemProgress)), 'walked-through', today, programme)).toBeUndefined();
  });

  it('leaves what a step’s answers must say to its form: a step refused only for its missing answers can start', () => {
    const teckal = register('governance-item', { governanceKind: 'teckal', title: 'Teckal exemption', procurementBegunOn: '2026-02-01' });
    // With no answers the step is invalid (no financial year), which is the form's to say, not the order's.
    expect(() => registerItemDecider.decide(step({ kind: 'governance-item', step: 'teckal-conditions-recorded', fields: {} } as unknown as ItemProgress), itemAfter(teckal))).toThrow('financial year');
    expect(whyStepCannotStartYet(itemAfter(teckal), 'teckal-conditions-recorded', today, programme)).toBeUndefined();
  });
});
