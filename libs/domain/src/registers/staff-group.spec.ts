import { programmeFactsOf } from '../programmes/programme-facts.fixture';
import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import { AmendItem, ImportItem, ItemProgress, RecordItemProgress, RegisterItem, RegisterItemEvent, registerItemDecider } from './register-item';
import { REPEATABLE_STEPS, STEP_EVENT_TYPES, StaffGroupDetails } from './register-kinds';
import { givenItem as given } from '../testing/registers';

/*
 * Staff groups (TUPE 2006, TULRCA 1992, LGPS Regulations 2013) in the decider, on the dates of a
 * programme that went live on 1 April 2018: what is recorded, and what is refused.
 */
const programme: ProgrammeFacts = programmeFactsOf({ programmeId: 'p-sandwell', status: 'active', registeredAt: '2016-10-03T09:00:00.000Z', goLiveDate: '2018-04-01' });
const now = '2018-02-15T10:00:00.000Z';
const itemId = 'g-fostering';
const base: StaffGroupDetails = { team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'lgps' };

const register = (details: Partial<StaffGroupDetails> = {}): RegisterItem => ({
  type: 'RegisterItem',
  data: { itemId, reference: 'TUPE-FOST', kind: 'staff-group', details: { ...base, ...details } },
  programme,
  metadata: { now },
});
const amend = (changes: Partial<StaffGroupDetails>, effectiveAt?: string): AmendItem => ({
  type: 'AmendItem',
  data: { itemId, kind: 'staff-group', changes },
  programme,
  effectiveAt,
  metadata: { now },
});
const importRow = (details: Partial<StaffGroupDetails>): ImportItem => ({
  type: 'ImportItem',
  data: { itemId, reference: 'TUPE-FOST', kind: 'staff-group', details: { ...base, ...details } },
  programme,
  metadata: { now },
});
type StaffProgress = Extract<ItemProgress, { kind: 'staff-group' }>;
const step = (p: Omit<StaffProgress, 'kind'> | { step: string; fields: object }, effectiveAt?: string): RecordItemProgress => ({
  type: 'RecordItemProgress',
  data: { itemId, kind: 'staff-group', ...p } as RecordItemProgress['data'],
  programme,
  effectiveAt,
  metadata: { now },
});

const refused = (when: () => unknown, message: string | RegExp) => {
  expect(when).toThrow(IllegalStateError);
  expect(when).toThrow(message);
};
const invalid = (when: () => unknown, field: string, problem: string | RegExp) => {
  expect(when).toThrow(InvalidCommandError);
  try {
    when();
  } catch (error) {
    expect((error as InvalidCommandError).problems).toEqual([{ field, problem: expect.stringMatching(problem) }]);
  }
};

describe('staff groups — collective redundancy details (TULRCA 1992 s.188)', () => {
  const redundancies = { redundanciesProposed: 22, establishment: 'Sandwell Council House', dismissalsProposedOn: '2018-01-08', firstDismissalDate: '2018-06-30', dismissalsProposedBy: 'council' as const };

  it('records the establishment, the proposal, the first dismissal date and who proposes', () => {
    expect(given().when(register(redundancies))()).toEqual([
      { type: 'StaffGroupRegistered', data: { programmeId: 'p-sandwell', itemId, kind: 'staff-group', reference: 'TUPE-FOST', details: { ...base, ...redundancies }, on: '2018-02-15' } },
    ]);
  });

  it('refuses a first dismissal before the proposal, on register, import and amend, naming firstDismissalDate', () => {
    const problem = /must not be before the day the dismissals were proposed \(8 January 2018\)/;
    invalid(given().when(register({ ...redundancies, firstDismissalDate: '2018-01-07' })), 'firstDismissalDate', problem);
    invalid(given().when(importRow({ ...redundancies, firstDismissalDate: '2018-01-07' })), 'firstDismissalDate', problem);
    // An amendment is judged with the details as they would stand: here only the date moves.
    invalid(given(register(redundancies)).when(amend({ firstDismissalDate: '2017-12-20' })), 'firstDismissalDate', problem);
    // …or only the proposal does.
    invalid(given(register(redundancies)).when(amend({ dismissalsProposedOn: '2018-07-01' })), 'firstDismissalDate', /1 July 2018/);
  });

  it('accepts a first dismissal on the day of the proposal or after it', () => {
    expect(given().when(register({ ...redundancies, firstDismissalDate: '2018-01-08' }))()).toHaveLength(1);
    expect(given(register(redundancies)).when(amend({ firstDismissalDate: '2018-07-31' }))()).toHaveLength(1);
  });
});

describe('staff groups — steps in the order the law puts them', () => {
  it('names every new step with a stable past-tense event type', () => {
    expect(STEP_EVENT_TYPES['staff-group']).toMatchObject({
      'eli-updated': 'StaffEliUpdated',
      'headcount-reconciled': 'StaffHeadcountReconciled',
      'representatives-informed': 'StaffRepresentativesInformed',
      'collective-consultation-started': 'StaffCollectiveConsultationStarted',
      'hr1-notified': 'StaffHr1Notified',
      'pre-transfer-consultation-agreed': 'StaffPreTransferConsultationAgreed',
      'lgps-legal-basis-recorded': 'StaffLgpsLegalBasisRecorded',
      'actuary-report-received': 'StaffActuaryReportReceived',
      'lgps-risk-assessed': 'StaffLgpsRiskAssessed',
      'bond-decision-recorded': 'StaffBondDecisionRecorded',
      'admission-agreement-signed': 'StaffAdmissionAgreementSigned',
    });
    expect(REPEATABLE_STEPS.has('eli-updated') && REPEATABLE_STEPS.has('headcount-reconciled')).toBe(true);
  });

  describe('TUPE 2006 reg. 11(5): ELI updates', () => {
    it('refuses an update before ELI was received, and records one after, again and again', () => {
      refused(given(register()).when(step({ step: 'eli-updated', fields: {} })), /received before an update/);
      const g = given(register(), step({ step: 'eli-received', fields: {} }, '2018-01-20'), amend({ headcount: 44 }, '2018-02-01'), step({ step: 'eli-updated', fields: {} }, '2018-02-05'));
      expect(g.when(step({ step: 'eli-updated', fields: {} }))()).toEqual([
        { type: 'StaffEliUpdated', data: { programmeId: 'p-sandwell', itemId, kind: 'staff-group', step: 'eli-updated', on: '2018-02-15' } },
      ]);
      const state = g.state();
      expect(state.status === 'registered' && state.changedOn).toEqual({ headcount: '2018-02-01' });
    });
  });

  describe('DOMAIN: headcount reconciled with a reason', () => {
    it('refuses a reconciliation with nothing confirmed, or when the confirmed headcount is the registered one', () => {
      refused(given(register()).when(step({ step: 'headcount-reconciled', fields: { reason: 'Leavers' } })), /Confirm the headcount at transfer before/);
      refused(
        given(register(), step({ step: 'headcount-confirmed', fields: { headcount: 42 } })).when(step({ step: 'headcount-reconciled', fields: { reason: 'Leavers' } })),
        'The confirmed headcount (42) is the registered headcount: there is nothing to reconcile',
      );
    });
    it('records the reason when they differ', () => {
      const g = given(register(), step({ step: 'headcount-confirmed', fields: { headcount: 40 } }));
      expect(g.when(step({ step: 'headcount-reconciled', fields: { reason: 'Two leavers in January' } }))()[0]).toMatchObject({
        type: 'StaffHeadcountReconciled',
        data: { step: 'headcount-reconciled', reason: 'Two leavers in January', on: '2018-02-15' },
      });
    });
  });

  describe('TUPE 2006 reg. 13: informing and consulting', () => {
    it('records informing apart from consulting, and refuses consultation completed before it started', () => {
      expect(given(register()).when(step({ step: 'representatives-informed', fields: {} }, '2018-01-15'))()[0]).toMatchObject({ type: 'StaffRepresentativesInformed', data: { on: '2018-01-15' } });
      refused(given(register()).when(step({ step: 'consultation-completed', fields: {} })), 'Consultation must be recorded as started before it is completed');
    });
  });

  describe('TULRCA 1992 s.188, s.193, s.198A', () => {
    const proposed = { redundanciesProposed: 25, establishment: 'Sandwell Council House', dismissalsProposedOn: '2018-01-08', firstDismissalDate: '2018-04-20' };
    it('refuses collective consultation and HR1 for a group with no redundancies proposed', () => {
      refused(given(register()).when(step({ step: 'collective-consultation-started', fields: {} })), /none are proposed for TUPE-FOST/);
      refused(given(register({ redundanciesProposed: 0 })).when(step({ step: 'hr1-notified', fields: {} })), /HR1 notification to the Secretary of State \(TULRCA 1992 s\.193\)/);
    });
    it('records them where redundancies are proposed', () => {
      const g = given(register({ ...proposed, dismissalsProposedBy: 'council' }));
      expect(g.when(step({ step: 'hr1-notified', fields: {} }))()[0].type).toBe('StaffHr1Notified');
      expect(g.when(step({ step: 'collective-consultation-started', fields: {} }))()[0].type).toBe('StaffCollectiveConsultationStarted');
    });
    it('refuses the trust consulting before the transfer without the s.198A agreement, and records it after one', () => {
      const byTrust = given(register({ ...proposed, dismissalsProposedBy: 'trust' }));
      refused(byTrust.when(step({ step: 'collective-consultation-started', fields: {} })), /pre-transfer consultation \(TULRCA 1992 s\.198A\) first/);
      const agreed = given(register({ ...proposed, dismissalsProposedBy: 'trust' }), step({ step: 'pre-transfer-consultation-agreed', fields: {} }, '2018-02-01'));
      expect(agreed.when(step({ step: 'collective-consultation-started', fields: {} }))()[0].type).toBe('StaffCollectiveConsultationStarted');
    });
    it('refuses a pre-transfer agreement where the trust proposes nothing, or after consultation started', () => {
      refused(given(register({ ...proposed, dismissalsProposedBy: 'council' })).when(step({ step: 'pre-transfer-consultation-agreed', fields: {} })), /dismissals the trust proposes/);
      const started = given(register({ ...proposed, dismissalsProposedBy: 'council' }), step({ step: 'collective-consultation-started', fields: {} }, '2018-02-01'), amend({ dismissalsProposedBy: 'trust' }));
      refused(started.when(step({ step: 'pre-transfer-consultation-agreed', fields: {} })), /Collective consultation started on 1 February 2018/);
    });
  });

  describe('LGPS Regulations 2013 Sch. 2 Part 3: admission in its parts', () => {
    const agreement = { signedByTrustOn: '2018-02-01', signedByCouncilOn: '2018-02-05', signedByFundOn: '2018-02-12', effectiveDate: '2018-04-01' };
    it('refuses the parts for a group not in the LGPS', () => {
      const teachers = given(register({ pensionScheme: 'teachers' }));
      refused(teachers.when(step({ step: 'lgps-legal-basis-recorded', fields: { basis: 'Sch. 2 Part 3 para 1(d)(iii)' } })), /not in the LGPS/);
      refused(teachers.when(step({ step: 'admission-agreement-signed', fields: agreement })), /not in the LGPS/);
    });
    it('refuses the risk assessment before the actuary’s report, and the bond decision before the assessment', () => {
      refused(given(register()).when(step({ step: 'lgps-risk-assessed', fields: {} })), /actuary’s report/);
      refused(given(register(), step({ step: 'actuary-report-received', fields: {} })).when(step({ step: 'bond-decision-recorded', fields: { decision: 'bond', reasons: 'Actuary advised' } })), /risk as assessed first/);
    });
    it('records the legal basis, the report, the assessment and the decision with its reasons', () => {
      const g = given(register(), step({ step: 'lgps-legal-basis-recorded', fields: { basis: 'Sch. 2 Part 3 para 1(d)(iii)' } }), step({ step: 'actuary-report-received', fields: {} }), step({ step: 'lgps-risk-assessed', fields: {} }));
      expect(g.when(step({ step: 'bond-decision-recorded', fields: { decision: 'indemnity', reasons: 'The council guarantees the trust' } }))()[0]).toMatchObject({
        type: 'StaffBondDecisionRecorded',
        data: { decision: 'indemnity', reasons: 'The council guarantees the trust' },
      });
    });
    it('records the agreement with each party’s signature and its effective date', () => {
      expect(given(register()).when(step({ step: 'admission-agreement-signed', fields: agreement }))()[0]).toMatchObject({
        type: 'StaffAdmissionAgreementSigned',
        data: { ...agreement, on: '2018-02-15' },
      });
    });
    it('refuses an agreement without a signature or its effective date, or signed after the day recorded', () => {
      invalid(given(register()).when(step({ step: 'admission-agreement-signed', fields: { ...agreement, signedByFundOn: undefined } })), 'signedByFundOn', 'is required');
      invalid(given(register()).when(step({ step: 'admission-agreement-signed', fields: agreement }, '2018-02-10')), 'signedByFundOn', /must not be after the day the agreement is recorded as signed \(10 February 2018\)/);
    });
    it('still reads an agreement stored without signatures or effective date (schema version 1)', () => {
      const legacy = { type: 'StaffAdmissionAgreementSigned', data: { programmeId: 'p-sandwell', itemId, kind: 'staff-group', step: 'admission-agreement-signed', on: '2018-03-10' } } as RegisterItemEvent;
      const registered = registerItemDecider.decide(register(), registerItemDecider.initialState());
      const state = fold(registerItemDecider, [...registered, legacy]);
      expect(state.status === 'registered' && state.steps['admission-agreement-signed']).toEqual({ on: '2018-03-10' });
    });
  });
});
