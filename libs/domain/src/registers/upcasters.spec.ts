import { fold } from '../decider';
import { programmeFactsOf } from '../programmes/programme-facts.fixture';
import { RegisterItem, RegisterItemEvent, registerItemDecider } from './register-item';

/*
 * Register items' events of schema version 1, as an older tracker stored them (with their
 * metadata), read through the decider's upcasters: each folds to the state its version 2 would.
 */
const programme = programmeFactsOf({ programmeId: 'p-sandwell', status: 'active', registeredAt: '2016-10-03T09:00:00.000Z', goLiveDate: '2018-04-01' });
const itemId = 'g-fostering';
const register: RegisterItem = {
  type: 'RegisterItem',
  data: { itemId, reference: 'TUPE-FOST', kind: 'staff-group', details: { team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps' } },
  programme,
  metadata: { now: '2018-01-10T10:00:00.000Z' },
};
const stored = (event: RegisterItemEvent, schemaVersion: number, metadata: object) => ({ ...event, schemaVersion, metadata }) as unknown as RegisterItemEvent;
const registered = registerItemDecider.decide(register, registerItemDecider.initialState()).map((e) => stored(e, 2, { recordedAt: '2018-01-10T10:00:00.000Z' }));
const ids = { programmeId: 'p-sandwell', itemId, kind: 'staff-group' };

describe('register items: the upcasters from schema version 1', () => {
  it('read an amendment without its day as taking effect on the UK day of its effective time', () => {
    const metadata = { recordedAt: '2018-03-01T10:00:00.000Z', effectiveAt: '2018-02-26T23:30:00.000Z' };
    const v1 = stored({ type: 'RegisterItemAmended', data: { ...ids, changes: { headcount: 40 } } } as RegisterItemEvent, 1, metadata);
    const v2 = stored({ type: 'RegisterItemAmended', data: { ...ids, changes: { headcount: 40 }, on: '2018-02-26' } } as RegisterItemEvent, 2, metadata);
    expect(fold(registerItemDecider, [...registered, v1])).toEqual(fold(registerItemDecider, [...registered, v2]));
    // In summer time the UK day starts an hour before UTC's.
    const summer = { recordedAt: '2018-06-01T10:00:00.000Z', effectiveAt: '2018-05-31T23:30:00.000Z' };
    const june = stored({ type: 'RegisterItemAmended', data: { ...ids, changes: { headcount: 39 } } } as RegisterItemEvent, 1, summer);
    const asJune = stored({ type: 'RegisterItemAmended', data: { ...ids, changes: { headcount: 39 }, on: '2018-06-01' } } as RegisterItemEvent, 2, summer);
    expect(fold(registerItemDecider, [...registered, june])).toEqual(fold(registerItemDecider, [...registered, asJune]));
  });

  it('read an admission agreement without its signatures as signed by all three, and effective, on its day', () => {
    const metadata = { recordedAt: '2018-03-10T10:00:00.000Z' };
    const step = { ...ids, step: 'admission-agreement-signed', on: '2018-03-10' };
    const v1 = stored({ type: 'StaffAdmissionAgreementSigned', data: step } as RegisterItemEvent, 1, metadata);
    const all = { signedByTrustOn: '2018-03-10', signedByCouncilOn: '2018-03-10', signedByFundOn: '2018-03-10', effectiveDate: '2018-03-10' };
    const v2 = stored({ type: 'StaffAdmissionAgreementSigned', data: { ...step, ...all } } as RegisterItemEvent, 2, metadata);
    const state = fold(registerItemDecider, [...registered, v1]);
    expect(state).toEqual(fold(registerItemDecider, [...registered, v2]));
    expect(state.status === 'registered' && state.steps['admission-agreement-signed']).toMatchObject(all);
  });
});
