import { programmeFactsOf } from '../programmes/programme-facts.fixture';
import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ProgrammeFacts } from '../programmes/programme-facts';
import {
  AcceptFindingRisk,
  AddFindingEvidence,
  CloseFinding,
  Evidence,
  FindingChanges,
  FindingEvent,
  FindingStatus,
  MitigateFinding,
  RaiseFinding,
  ReopenFinding,
  ResolveFinding,
  UpdateFinding,
  findingDecider,
} from './finding';
import { specification } from '../testing/specification';

const programmeId = 'b4f3c2a1-0000-4000-8000-000000000001';
const findingId = 'f1d1a5c0-0000-4000-8000-000000000002';
const programme: ProgrammeFacts = programmeFactsOf({ programmeId, status: 'active', registeredAt: '2026-01-05T09:00:00.000Z', goLiveDate: '2027-04-01' });
const closedProgramme: ProgrammeFacts = programmeFactsOf({ ...programme, status: 'closed' });
const now = '2026-11-22T10:00:00Z';

const contractList: Evidence = { link: 'https://docs.example.org/contracts/register-v3.xlsx', sha256: 'a'.repeat(64), description: 'Contract register v3' };
const signedDeed: Evidence = { link: 'https://docs.example.org/contracts/novation-deed-signed.pdf' };
const boardMinutes: Evidence = { link: 'https://docs.example.org/board/2026-11-20-minutes.pdf', description: 'Board minutes' };

const details = {
  target: { kind: 'item', itemId: 'contract-42', area: 'contracts' },
  title: 'Case management system contract has no novation route',
  description: 'The supplier has not said whether it will consent to novation.',
  severity: 'high',
  owner: 'Head of Procurement',
  dueDate: '2027-01-31',
} as const;

/** Every command carries the programme's facts and a time; this fills them in so each test shows only what matters. */
const meta = (at = now) => ({ metadata: { now: at }, programme });

const raise = (evidence: Evidence[] = [contractList]): RaiseFinding => ({ type: 'RaiseFinding', data: { findingId, ...details, evidence }, ...meta() });
const addEvidence = (evidence: Evidence[] = [signedDeed]): AddFindingEvidence => ({ type: 'AddFindingEvidence', data: { findingId, evidence }, ...meta() });
const update = (changes: FindingChanges): UpdateFinding => ({ type: 'UpdateFinding', data: { findingId, changes }, ...meta() });
const mitigate = (): MitigateFinding => ({ type: 'MitigateFinding', data: { findingId, note: 'Interim hosting agreed with the council' }, ...meta() });
/** Two advisers: four eyes tell them apart. */
const adviserA = 'user-adviser-a';
const adviserB = 'user-adviser-b';
const resolve = (evidence: Evidence[] = [signedDeed], resolvedBy = adviserA): ResolveFinding => ({
  type: 'ResolveFinding',
  data: { findingId, resolution: 'Novation deed signed by all three parties', evidence, resolvedBy },
  ...meta(),
});
const close = (note?: string, closedBy = adviserB): CloseFinding => ({
  type: 'CloseFinding',
  data: note === undefined ? { findingId, closedBy } : { findingId, note, closedBy },
  ...meta(),
});
const reopen = (): ReopenFinding => ({ type: 'ReopenFinding', data: { findingId, reason: 'The supplier withdrew its signature' }, ...meta() });
const acceptRisk = (expiresOn = '2027-06-30', at = now): AcceptFindingRisk => ({
  type: 'AcceptFindingRisk',
  data: { findingId, decisionId: 'decision-7', reason: 'Interim terms run until the re-procurement', expiresOn },
  ...meta(at),
});

const ids = { programmeId, findingId };
const raised: FindingEvent = { type: 'FindingRaised', data: { ...ids, ...details, evidence: [contractList] } };
const raisedWithoutEvidence: FindingEvent = { type: 'FindingRaised', data: { ...ids, ...details, evidence: [] } };
const mitigated: FindingEvent = { type: 'FindingMitigated', data: { ...ids, note: 'Interim hosting agreed with the council' } };
const resolved: FindingEvent = {
  type: 'FindingResolved',
  data: { ...ids, resolution: 'Novation deed signed by all three parties', evidence: [signedDeed], resolvedBy: adviserA },
};
const closed: FindingEvent = { type: 'FindingClosed', data: ids };
const riskAccepted: FindingEvent = {
  type: 'FindingRiskAccepted',
  data: { ...ids, decisionId: 'decision-7', reason: 'Interim terms run until the re-procurement', expiresOn: '2027-06-30' },
};

/** The history that leads to each status. */
const history: Record<FindingStatus, FindingEvent[]> = {
  open: [raised],
  mitigated: [raised, mitigated],
  resolved: [raised, resolved],
  closed: [raised, resolved, closed],
  'risk-accepted': [raised, riskAccepted],
};

/** Given events (a history of the table above), when a command, then events or an error. */
const findings = specification(findingDecider);
const given = (events: readonly FindingEvent[]) => findings.given(...events);

/** Then refused: with this kind of error (so the right HTTP status) and exactly these words. */
const expectRefused = (when: () => unknown, kind: typeof IllegalStateError | typeof InvalidCommandError | typeof NotFoundError, message: string) => {
  expect(when).toThrow(kind);
  expect(when).toThrow(new Error(message));
};

describe('finding', () => {
  describe('every command', () => {
    const all = { raise, addEvidence, update: () => update({ title: 'New title' }), mitigate, resolve, close, reopen, acceptRisk };

    it.each(Object.entries(all))('%s is refused once the programme is closed', (_, make) => {
      const onClosedProgramme = { ...make(), programme: closedProgramme };
      expectRefused(given(history.open).when(onClosedProgramme), IllegalStateError, 'The programme is closed; only notes can be added');
    });

    const { raise: _raise, ...allButRaise } = all;
    it.each(Object.entries(allButRaise))('%s is refused when the finding has not been raised', (_, make) => {
      expectRefused(given([]).when(make()), NotFoundError, `No finding with id ${findingId}`);
    });
  });

  describe('raising', () => {
    it('records the finding against its target, with its evidence', () => {
      expect(given([]).when(raise())()).toEqual([raised]);
    });

    it('is refused when the finding has already been raised', () => {
      expectRefused(given([raised]).when(raise()), IllegalStateError, 'This finding has already been raised');
    });
  });

  describe('adding evidence', () => {
    it.each(['open', 'mitigated', 'resolved', 'risk-accepted'] as const)('records the evidence while the finding is %s', (status) => {
      expect(given(history[status]).when(addEvidence([signedDeed, boardMinutes]))()).toEqual([
        { type: 'FindingEvidenceAdded', data: { ...ids, evidence: [signedDeed, boardMinutes] } },
      ]);
    });

    it('is refused once the finding is closed', () => {
      expectRefused(given(history.closed).when(addEvidence()), IllegalStateError, 'This finding is closed; reopen it before adding evidence');
    });
  });

  describe('updating', () => {
    it('records only the fields that actually change', () => {
      const changes: FindingChanges = { title: details.title, severity: 'critical', owner: 'Director of Children’s Services', dueDate: details.dueDate };
      expect(given(history.open).when(update(changes))()).toEqual([
        { type: 'FindingUpdated', data: { ...ids, changes: { severity: 'critical', owner: 'Director of Children’s Services' } } },
      ]);
    });

    it('may change a mitigated finding', () => {
      expect(given(history.mitigated).when(update({ dueDate: '2027-02-28' }))()).toEqual([
        { type: 'FindingUpdated', data: { ...ids, changes: { dueDate: '2027-02-28' } } },
      ]);
    });

    it('records nothing when nothing changes', () => {
      expect(given(history.open).when(update({ title: details.title, severity: details.severity }))()).toEqual([]);
    });

    it.each([
      ['resolved', 'This finding is resolved; reopen it before changing it'],
      ['closed', 'This finding is closed; reopen it before changing it'],
      ['risk-accepted', 'The board has accepted the risk of this finding; reopen it before changing it'],
    ] as const)('is refused when the finding is %s', (status, message) => {
      expectRefused(given(history[status]).when(update({ title: 'New title' })), IllegalStateError, message);
    });
  });

  describe('mitigating', () => {
    it('records the mitigation of an open finding', () => {
      expect(given(history.open).when(mitigate())()).toEqual([mitigated]);
    });

    it.each([
      ['mitigated', 'This finding is already mitigated; resolve it with evidence when the problem is fixed'],
      ['resolved', 'This finding is already resolved, so there is nothing left to mitigate; reopen it if the problem has come back'],
      ['closed', 'This finding is closed, so there is nothing left to mitigate; reopen it if the problem has come back'],
      ['risk-accepted', 'The board has accepted the risk of this finding; reopen it before mitigating it'],
    ] as const)('is refused when the finding is %s', (status, message) => {
      expectRefused(given(history[status]).when(mitigate()), IllegalStateError, message);
    });
  });

  describe('resolving', () => {
    it.each(['open', 'mitigated'] as const)('records the resolution, with its evidence, of a finding that is %s', (status) => {
      expect(given(history[status]).when(resolve())()).toEqual([resolved]);
    });

    it('accepts evidence attached before the resolution', () => {
      expect(given([raisedWithoutEvidence, { type: 'FindingEvidenceAdded', data: { ...ids, evidence: [signedDeed] } }]).when(resolve([]))()).toEqual([
        { type: 'FindingResolved', data: { ...ids, resolution: 'Novation deed signed by all three parties', evidence: [], resolvedBy: adviserA } },
      ]);
    });

    it('is refused without any evidence', () => {
      expectRefused(
        given([raisedWithoutEvidence]).when(resolve([])),
        InvalidCommandError,
        'evidence must include at least one piece of evidence to resolve a finding',
      );
    });

    it.each([
      ['resolved', 'This finding is already resolved; an adviser can now verify the resolution and close it'],
      ['closed', 'This finding is closed; reopen it before resolving it again'],
      ['risk-accepted', 'The board has accepted the risk of this finding; reopen it before resolving it'],
    ] as const)('is refused when the finding is %s', (status, message) => {
      expectRefused(given(history[status]).when(resolve()), IllegalStateError, message);
    });
  });

  describe('closing', () => {
    it('records that an adviser verified the resolution', () => {
      expect(given(history.resolved).when(close('Deed checked against the register'))()).toEqual([
        { type: 'FindingClosed', data: { ...ids, note: 'Deed checked against the register' } },
      ]);
    });

    it('needs no note', () => {
      expect(given(history.resolved).when(close())()).toStrictEqual([closed]);
    });

    it.each([
      ['open', 'This finding is not resolved yet; resolve it with evidence before closing it'],
      ['mitigated', 'This finding is not resolved yet; resolve it with evidence before closing it'],
      ['closed', 'This finding is already closed'],
      [
        'risk-accepted',
        'The board has accepted the risk of this finding, so there is no resolution to verify; reopen it and resolve it with evidence before closing it',
      ],
    ] as const)('is refused when the finding is %s', (status, message) => {
      expectRefused(given(history[status]).when(close()), IllegalStateError, message);
    });
  });

  describe('four eyes', () => {
    const withPolicy = (fourEyes: ProgrammeFacts['settings']['fourEyes']): ProgrammeFacts => ({ ...programme, settings: { ...programme.settings, fourEyes } });
    const closeBy = (closedBy: string, facts: ProgrammeFacts = programme): CloseFinding => ({ ...close(undefined, closedBy), programme: facts });
    const raisedAs = (severity: 'critical' | 'high' | 'medium' | 'low'): FindingEvent => ({ type: 'FindingRaised', data: { ...ids, ...details, severity, evidence: [contractList] } });
    const resolvedBy = (by: string): FindingEvent => ({ type: 'FindingResolved', data: { ...ids, resolution: 'Deed signed', evidence: [], resolvedBy: by } });
    const refusal = (severity: string) =>
      `The person who resolved this ${severity} finding may not also close it: another adviser must verify the resolution and close it (four eyes, a policy of this programme)`;

    it.each(['critical', 'high'] as const)('refuses the resolver closing a %s finding under the default policy', (severity) => {
      expectRefused(given([raisedAs(severity), resolvedBy(adviserA)]).when(closeBy(adviserA)), IllegalStateError, refusal(severity));
    });

    it.each(['critical', 'high'] as const)('lets another person close a %s finding someone else resolved', (severity) => {
      expect(given([raisedAs(severity), resolvedBy(adviserA)]).when(closeBy(adviserB))()).toStrictEqual([closed]);
    });

    it.each(['medium', 'low'] as const)('lets the resolver close a %s finding, which the default policy leaves out', (severity) => {
      expect(given([raisedAs(severity), resolvedBy(adviserA)]).when(closeBy(adviserA))()).toStrictEqual([closed]);
    });

    it('follows the policy in force when the finding is closed: turned off, the resolver may close a high finding', () => {
      expect(given([raisedAs('high'), resolvedBy(adviserA)]).when(closeBy(adviserA, withPolicy([])))()).toStrictEqual([closed]);
    });

    it('follows the policy in force when the finding is closed: widened to low, the resolver may not close a low finding', () => {
      const when = given([raisedAs('low'), resolvedBy(adviserA)]).when(closeBy(adviserA, withPolicy(['critical', 'high', 'medium', 'low'])));
      expectRefused(when, IllegalStateError, refusal('low'));
    });

    it('judges the severity the finding has when resolved, after an update raised it', () => {
      const raisedMedium = [raisedAs('medium'), { type: 'FindingUpdated', data: { ...ids, changes: { severity: 'critical' } } } as FindingEvent, resolvedBy(adviserA)];
      expectRefused(given(raisedMedium).when(closeBy(adviserA)), IllegalStateError, refusal('critical'));
    });

    it('compares with whoever resolved it last, after a reopening', () => {
      const reopened: FindingEvent = { type: 'FindingReopened', data: { ...ids, reason: 'Deed withdrawn', reopenedFrom: 'resolved' } };
      const events = [raisedAs('high'), resolvedBy(adviserA), reopened, resolvedBy(adviserB)];
      expect(given(events).when(closeBy(adviserA))()).toStrictEqual([closed]);
      expectRefused(given(events).when(closeBy(adviserB)), IllegalStateError, refusal('high'));
    });

    it('lets a resolution recorded before four eyes (no resolver in the event) be closed, as nobody is known to compare', () => {
      const before: FindingEvent = { type: 'FindingResolved', data: { ...ids, resolution: 'Deed signed', evidence: [signedDeed] } };
      expect(given([raisedAs('critical'), before]).when(closeBy(adviserA))()).toStrictEqual([closed]);
    });

    it('records who resolved it with the resolution', () => {
      expect(given(history.open).when(resolve([signedDeed], adviserB))()).toEqual([{ type: 'FindingResolved', data: { ...ids, resolution: 'Novation deed signed by all three parties', evidence: [signedDeed], resolvedBy: adviserB } }]);
    });
  });

  describe('reopening', () => {
    it.each(['resolved', 'closed', 'risk-accepted'] as const)('records the reason, and that the finding was %s before', (status) => {
      expect(given(history[status]).when(reopen())()).toEqual([
        { type: 'FindingReopened', data: { ...ids, reason: 'The supplier withdrew its signature', reopenedFrom: status } },
      ]);
    });

    it.each(['open', 'mitigated'] as const)('is refused when the finding is %s', (status) => {
      expectRefused(given(history[status]).when(reopen()), IllegalStateError, 'This finding is already open');
    });
  });

  describe('accepting the risk', () => {
    it.each(['open', 'mitigated'] as const)('records the board decision on a finding that is %s', (status) => {
      expect(given(history[status]).when(acceptRisk())()).toEqual([riskAccepted]);
    });

    it('is refused when the acceptance would expire today, judged on the UK calendar', () => {
      // 23:30 UTC on 30 June is already 1 July in London (BST).
      const when = given(history.open).when(acceptRisk('2027-07-01', '2027-06-30T23:30:00Z'));
      expectRefused(when, InvalidCommandError, 'expiresOn must be a date after today');
    });

    it('is refused when the acceptance has already expired', () => {
      expectRefused(given(history.open).when(acceptRisk('2026-11-21')), InvalidCommandError, 'expiresOn must be a date after today');
    });

    it('accepts an expiry tomorrow', () => {
      expect(given(history.open).when(acceptRisk('2026-11-23'))()).toHaveLength(1);
    });

    it.each([
      ['resolved', 'This finding is resolved, so there is no open risk to accept; reopen it if the risk remains'],
      ['closed', 'This finding is closed, so there is no open risk to accept; reopen it if the risk remains'],
      ['risk-accepted', 'The board has already accepted the risk of this finding; reopen it before recording a new decision'],
    ] as const)('is refused when the finding is %s', (status, message) => {
      expectRefused(given(history[status]).when(acceptRisk()), IllegalStateError, message);
    });
  });

  describe('evolving', () => {
    it('starts open with the evidence it was raised with', () => {
      expect(fold(findingDecider, [raised])).toEqual({ status: 'open', ...ids, ...details, evidence: [contractList] });
    });

    it('accumulates evidence from raising, adding and resolving, in order', () => {
      const state = fold(findingDecider, [raised, { type: 'FindingEvidenceAdded', data: { ...ids, evidence: [boardMinutes] } }, resolved]);
      expect(state).toMatchObject({ status: 'resolved', evidence: [contractList, boardMinutes, signedDeed] });
    });

    it('merges updates into the finding, leaving other fields alone', () => {
      const state = fold(findingDecider, [
        raised,
        { type: 'FindingUpdated', data: { ...ids, changes: { severity: 'critical' } } },
        { type: 'FindingUpdated', data: { ...ids, changes: { owner: 'Director of Children’s Services', dueDate: '2027-02-28' } } },
      ]);
      expect(state).toEqual({
        status: 'open',
        ...ids,
        ...details,
        severity: 'critical',
        owner: 'Director of Children’s Services',
        dueDate: '2027-02-28',
        evidence: [contractList],
      });
    });

    it.each(Object.entries(history))('reaches %s', (status, events) => {
      expect(fold(findingDecider, events)).toMatchObject({ status });
    });

    it('is open again after reopening, keeping its evidence', () => {
      const state = fold(findingDecider, [...history.closed, { type: 'FindingReopened', data: { ...ids, reason: 'Withdrawn', reopenedFrom: 'closed' } }]);
      expect(state).toMatchObject({ status: 'open', evidence: [contractList, signedDeed] });
    });
  });
});
