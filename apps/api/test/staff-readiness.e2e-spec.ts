import { stepsOf } from '@tracker/domain';
import { ITEM_FIELDS, stepForm } from '../src/registers/item-fields';
import { registerProgramme } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';

/*
 * Staff transfers through HTTP (TUPE 2006, TULRCA 1992, LGPS Regulations 2013), on the dates of a
 * programme going live on 1 April 2018. One app for the file, a fresh programme per test; the clock
 * only moves forward, so the tests run in the order of their dates.
 */
type Reason = { ruleId: string; status: string; message: string };

describe('staff readiness over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The first administrator's token lasts a year: long enough for October 2017 to June 2018.
    t = await startTestApp({}, '2017-07-01T09:00:00.000Z');
  });
  afterAll(async () => t.close());

  let programmeId: string;
  const at = (path: string) => `/api/programmes/${programmeId}${path}`;
  // Each test registers its programme, then moves the clock on to its own day.
  let clock = '2017-07-01T09:00:00.000Z';
  const advance = (now: string) => {
    if (now < clock) throw new Error(`the tests' clock runs forward only: ${now} is before ${clock}`);
    clock = now;
    t.setNow(now);
  };
  const programmeOn = async (now: string) => {
    // Registering needs the clock at or after every event so far; the programme's own facts are dated from now.
    t.setNow(clock);
    programmeId = await registerProgramme(t, { goLiveDate: '2018-04-01' });
    advance(now);
  };

  const group = { team: 'Fostering', headcount: 42, fte: 38.5, pensionScheme: 'none' };
  const registerGroup = async (body: object) => (await t.http().post(at('/staff-groups')).send({ ...group, ...body }).expect(201)).body.id as string;
  const progress = (id: string, body: object) => t.http().post(at(`/staff-groups/${id}/progress`)).send(body);
  const reasonsOf = async (id: string, ruleId?: string): Promise<Reason[]> => {
    const list = (await t.http().get(at('/staff-groups?limit=500')).expect(200)).body;
    const reasons = (list.items.find((i: { id: string }) => i.id === id).readiness.reasons as Reason[]) ?? [];
    return ruleId === undefined ? reasons : reasons.filter((r) => r.ruleId === ruleId);
  };
  const eventCount = async () => (await t.events()).length;
  /** A refusal writes nothing: the store holds as many events after it as before. */
  const refusedWithoutWriting = async (send: () => Promise<{ status: number; body: { code?: string; message?: string; details?: unknown } }>, status: number) => {
    const before = await eventCount();
    const response = await send();
    expect(response.status).toBe(status);
    expect(await eventCount()).toBe(before);
    return response.body;
  };

  describe('TULRCA 1992 s.188: bad dismissal dates are a 400 naming the field, and write nothing', () => {
    it('refuses a first dismissal before the proposal on register and on amend', async () => {
      await programmeOn('2017-10-02T09:00:00.000Z');
      const proposal = { redundanciesProposed: 12, establishment: 'Sandwell Council House, Oldbury', dismissalsProposedOn: '2017-10-02', dismissalsProposedBy: 'council' };
      const registering = await refusedWithoutWriting(() => t.http().post(at('/staff-groups')).send({ ...group, reference: 'TUPE-BS', ...proposal, firstDismissalDate: '2017-09-29' }), 400);
      expect(registering.details).toEqual([{ field: 'firstDismissalDate', problem: 'must not be before the day the dismissals were proposed (2 October 2017)' }]);

      const id = await registerGroup({ reference: 'TUPE-BS', ...proposal, firstDismissalDate: '2018-06-30' });
      // Both dates in the request: checked at the edge.
      const both = await refusedWithoutWriting(() => t.http().patch(at(`/staff-groups/${id}`)).send({ dismissalsProposedOn: '2018-07-01', firstDismissalDate: '2018-06-30' }), 400);
      expect(both.details).toEqual([{ field: 'firstDismissalDate', problem: 'must not be before the day the dismissals were proposed (1 July 2018)' }]);
      // Only the first dismissal date: checked against the recorded proposal by the domain.
      const one = await refusedWithoutWriting(() => t.http().patch(at(`/staff-groups/${id}`)).send({ firstDismissalDate: '2017-09-01' }), 400);
      expect(one.details).toEqual([{ field: 'firstDismissalDate', problem: 'must not be before the day the dismissals were proposed (2 October 2017)' }]);
      const bad = await refusedWithoutWriting(() => t.http().patch(at(`/staff-groups/${id}`)).send({ dismissalsProposedBy: 'agency' }), 400);
      expect(bad.details).toEqual([{ field: 'dismissalsProposedBy', problem: 'must be one of: council, trust' }]);
    });
  });

  describe('TULRCA 1992 s.188 and s.193: dismissals counted per establishment, lead time back from the first dismissal', () => {
    it('12 + 10 at one establishment within 90 days → collective consultation and HR1 30 days before the first dismissal', async () => {
      await programmeOn('2017-10-02T09:00:00.000Z');
      const common = { establishment: 'Sandwell Council House, Oldbury', dismissalsProposedOn: '2017-10-02', dismissalsProposedBy: 'council' };
      const a = await registerGroup({ reference: 'TUPE-BS', team: 'Business support', redundanciesProposed: 12, firstDismissalDate: '2018-06-30', ...common });
      const b = await registerGroup({ reference: 'TUPE-IRO', team: 'Independent reviewing officers', redundanciesProposed: 10, firstDismissalDate: '2018-08-15', ...common });
      const basis = '22 dismissals proposed at Sandwell Council House, Oldbury within 90 days, the first taking effect on 30 June 2018: 30 days before';
      expect(await reasonsOf(a, 'staff.redundancies')).toEqual([{ ruleId: 'staff.redundancies', status: 'due', message: `Collective consultation started (${basis}): due by 31 May 2018` }]);
      expect(await reasonsOf(b, 'staff.hr1')).toEqual([{ ruleId: 'staff.hr1', status: 'due', message: `HR1 notified to the Secretary of State (${basis}): due by 31 May 2018` }]);
      // Go-live does not move the deadline: the consultation is still only due after 1 April 2018.
      await progress(a, { step: 'collective-consultation-started' }).expect(200);
      await progress(a, { step: 'hr1-notified' }).expect(200);
      expect((await reasonsOf(a)).filter((r) => r.ruleId === 'staff.redundancies' || r.ruleId === 'staff.hr1').map((r) => r.status)).toEqual(['met', 'met']);
    });

    it('the same 12 + 10 across two establishments → no collective duty', async () => {
      await programmeOn('2017-10-03T09:00:00.000Z');
      const common = { dismissalsProposedOn: '2017-10-02', dismissalsProposedBy: 'council' };
      const a = await registerGroup({ reference: 'TUPE-BS', redundanciesProposed: 12, firstDismissalDate: '2018-06-30', establishment: 'Sandwell Council House, Oldbury', ...common });
      const b = await registerGroup({ reference: 'TUPE-IRO', redundanciesProposed: 10, firstDismissalDate: '2018-08-15', establishment: 'Jack Judge House, Oldbury', ...common });
      for (const id of [a, b]) expect((await reasonsOf(id)).filter((r) => ['staff.redundancies', 'staff.hr1'].includes(r.ruleId))).toEqual([]);
    });

    it('100 or more at one establishment → 45 days before the first dismissal', async () => {
      await programmeOn('2017-10-04T09:00:00.000Z');
      const common = { establishment: 'Sandwell Council House, Oldbury', dismissalsProposedOn: '2017-10-02', dismissalsProposedBy: 'council' };
      const a = await registerGroup({ reference: 'TUPE-CIC', redundanciesProposed: 60, firstDismissalDate: '2018-06-30', ...common });
      await registerGroup({ reference: 'TUPE-LC', redundanciesProposed: 45, firstDismissalDate: '2018-07-31', ...common });
      expect((await reasonsOf(a, 'staff.redundancies'))[0].message).toMatch(/^Collective consultation started \(105 dismissals .* 45 days before\): due by 16 May 2018$/);
    });
  });

  describe('steps out of order are a 409 in words, and write nothing', () => {
    it('refuses HR1 and collective consultation with no redundancies, consultation completed before started, and a reconciliation with nothing to reconcile', async () => {
      await programmeOn('2017-11-01T09:00:00.000Z');
      const id = await registerGroup({ reference: 'TUPE-FOST' });
      const hr1 = await refusedWithoutWriting(() => progress(id, { step: 'hr1-notified' }), 409);
      expect(hr1.message).toBe('HR1 notification to the Secretary of State (TULRCA 1992 s.193) concerns proposed redundancies, and none are proposed for TUPE-FOST; amend the group first if they are; nothing was recorded.');
      await refusedWithoutWriting(() => progress(id, { step: 'collective-consultation-started' }), 409);
      const completed = await refusedWithoutWriting(() => progress(id, { step: 'consultation-completed' }), 409);
      expect(completed.message).toBe('Consultation must be recorded as started before it is completed; nothing was recorded.');
      await progress(id, { step: 'headcount-confirmed', headcount: 42 }).expect(200);
      const reconciled = await refusedWithoutWriting(() => progress(id, { step: 'headcount-reconciled', reason: 'Leavers' }), 409);
      expect(reconciled.message).toBe('The confirmed headcount (42) is the registered headcount: there is nothing to reconcile; nothing was recorded.');
      const missing = await refusedWithoutWriting(() => progress(id, { step: 'headcount-reconciled' }), 400);
      expect(missing.details).toEqual([{ field: 'reason', problem: 'is required' }]);
    });

    it('TULRCA 1992 s.198A: the trust consults before the transfer only once pre-transfer consultation is agreed', async () => {
      await programmeOn('2017-11-02T09:00:00.000Z');
      const id = await registerGroup({
        reference: 'TUPE-BS',
        redundanciesProposed: 25,
        establishment: 'Sandwell Council House, Oldbury',
        dismissalsProposedOn: '2017-11-01',
        firstDismissalDate: '2018-04-20',
        dismissalsProposedBy: 'trust',
      });
      expect(await reasonsOf(id, 'staff.pre-transfer-consultation')).toEqual([
        { ruleId: 'staff.pre-transfer-consultation', status: 'due', message: 'Pre-transfer consultation agreed by the council and the trust, before collective consultation starts: due by 21 March 2018' },
      ]);
      const early = await refusedWithoutWriting(() => progress(id, { step: 'collective-consultation-started' }), 409);
      expect(early.message).toContain('TULRCA 1992 s.198A');
      await progress(id, { step: 'pre-transfer-consultation-agreed' }).expect(200);
      await progress(id, { step: 'collective-consultation-started' }).expect(200);
      expect((await reasonsOf(id, 'staff.pre-transfer-consultation'))[0].status).toBe('met');
    });
  });

  describe('TUPE 2006 reg. 13: informing and consulting, and the measures letter first (reg. 13(4))', () => {
    it('says the order was wrong when the letter came after representatives were informed', async () => {
      await programmeOn('2018-01-10T09:00:00.000Z');
      const id = await registerGroup({ reference: 'TUPE-FOST', measuresEnvisaged: true });
      await progress(id, { step: 'representatives-informed', effectiveAt: '2018-01-05' }).expect(200);
      expect(await reasonsOf(id, 'staff.measures-letter')).toEqual([
        { ruleId: 'staff.measures-letter', status: 'overdue', message: 'Measures letter not received, but representatives were informed on 5 January 2018: it must come first' },
      ]);
      await progress(id, { step: 'measures-letter-received', effectiveAt: '2018-01-08' }).expect(200);
      expect(await reasonsOf(id, 'staff.measures-letter')).toEqual([
        { ruleId: 'staff.measures-letter', status: 'late', message: 'Measures letter received on 8 January 2018, after representatives were informed on 5 January 2018: the order was wrong' },
      ]);
      expect((await reasonsOf(id, 'staff.inform'))[0].status).toBe('met');
    });

    it('asks for no consultation where no measures are envisaged, and for informing still', async () => {
      await programmeOn('2018-01-11T09:00:00.000Z');
      const id = await registerGroup({ reference: 'TUPE-YJ', measuresEnvisaged: false });
      expect(await reasonsOf(id, 'staff.consultation')).toEqual([]);
      expect((await reasonsOf(id, 'staff.inform'))[0]).toMatchObject({ status: 'due', message: 'Representatives informed: due by 2 March 2018' });
    });
  });

  describe('TUPE 2006 reg. 11(5): an update to ELI after a change', () => {
    it('is due when the headcount changes after ELI was given, and met by the update', async () => {
      await programmeOn('2018-01-22T09:00:00.000Z');
      const id = await registerGroup({ reference: 'TUPE-FOST' });
      await progress(id, { step: 'eli-received', effectiveAt: '2018-01-20' }).expect(200);
      expect(await reasonsOf(id, 'staff.eli-update')).toEqual([]);
      advance('2018-02-10T09:00:00.000Z');
      await t.http().patch(at(`/staff-groups/${id}`)).send({ headcount: 44 }).expect(200);
      expect(await reasonsOf(id, 'staff.eli-update')).toEqual([
        { ruleId: 'staff.eli-update', status: 'due', message: 'Updated ELI due: headcount changed on 10 February 2018, after ELI was received on 20 January 2018' },
      ]);
      advance('2018-02-12T09:00:00.000Z');
      await progress(id, { step: 'eli-updated' }).expect(200);
      expect((await reasonsOf(id, 'staff.eli-update'))[0].status).toBe('met');
    });
  });

  describe('LGPS Regulations 2013 reg. 3 and Sch. 2 Part 3: the admission in its parts, judged by its effective date', () => {
    it('records each part, refuses an agreement without a signature (400), and reads one signed after go-live but effective from it as late', async () => {
      await programmeOn('2018-02-15T09:00:00.000Z');
      const id = await registerGroup({ reference: 'TUPE-FOST', pensionScheme: 'lgps' });
      const risk = await refusedWithoutWriting(() => progress(id, { step: 'lgps-risk-assessed' }), 409);
      expect(risk.message).toBe('The risk assessment takes account of the actuary’s report: record the report as received first; nothing was recorded.');
      await progress(id, { step: 'lgps-legal-basis-recorded', basis: 'Sch. 2 Part 3 para 1(d)(iii)' }).expect(200);
      await progress(id, { step: 'actuary-report-received' }).expect(200);
      await progress(id, { step: 'lgps-risk-assessed' }).expect(200);
      const decision = await refusedWithoutWriting(() => progress(id, { step: 'bond-decision-recorded', decision: 'guarantee', reasons: 'x' }), 400);
      expect(decision.details).toEqual([{ field: 'decision', problem: 'must be one of: bond, indemnity, neither' }]);
      await progress(id, { step: 'bond-decision-recorded', decision: 'indemnity', reasons: 'The council guarantees the trust’s liabilities to the fund' }).expect(200);

      advance('2018-06-20T09:00:00.000Z');
      const agreement = { step: 'admission-agreement-signed', signedByTrustOn: '2018-06-01', signedByCouncilOn: '2018-06-08', signedByFundOn: '2018-06-15', effectiveDate: '2018-04-01' };
      const unsigned = await refusedWithoutWriting(() => progress(id, { ...agreement, signedByFundOn: undefined }), 400);
      expect(unsigned.details).toEqual([{ field: 'signedByFundOn', problem: 'is required' }]);
      await progress(id, agreement).expect(200);
      const pensions = await reasonsOf(id, 'staff.pensions');
      expect(pensions.map((r) => r.status)).toEqual(['met', 'met', 'met', 'met', 'late']);
      expect(pensions[0].message).toBe('LGPS admission: legal basis recorded (Sch. 2 Part 3 para 1(d)(iii)): done on 15 February 2018');
      expect(pensions[4].message).toBe('LGPS admission agreement signed on 15 June 2018, after go-live: late but effective from 1 April 2018');
      const stored = (await t.events()).at(-1)!;
      expect(stored).toMatchObject({ type: 'StaffAdmissionAgreementSigned', schemaVersion: 2, data: { signedByTrustOn: '2018-06-01', signedByCouncilOn: '2018-06-08', signedByFundOn: '2018-06-15', effectiveDate: '2018-04-01' } });
    });
  });

  describe('the pages: every staff step has its form, and the register its new fields', () => {
    it('builds a form for each step with a field for each thing it records', () => {
      const fieldsOf = (step: string) => stepForm('staff-group', step).fields.map((f) => f.name);
      for (const step of stepsOf('staff-group')) expect(fieldsOf(step)).toContain('effectiveAt');
      expect(fieldsOf('admission-agreement-signed')).toEqual(['signedByTrustOn', 'signedByCouncilOn', 'signedByFundOn', 'effectiveDate', 'effectiveAt']);
      expect(fieldsOf('bond-decision-recorded')).toEqual(['decision', 'reasons', 'effectiveAt']);
      expect(stepForm('staff-group', 'bond-decision-recorded').fields[0]).toMatchObject({ kind: 'radios', choices: [{ value: 'bond' }, { value: 'indemnity' }, { value: 'neither' }] });
      expect(fieldsOf('headcount-reconciled')).toEqual(['reason', 'effectiveAt']);
      expect(fieldsOf('lgps-legal-basis-recorded')).toEqual(['basis', 'effectiveAt']);
      expect(ITEM_FIELDS['staff-group'].map((f) => f.name)).toEqual(
        expect.arrayContaining(['measuresEnvisaged', 'establishment', 'dismissalsProposedOn', 'firstDismissalDate', 'dismissalsProposedBy']),
      );
    });
  });
});
