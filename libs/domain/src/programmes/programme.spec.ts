import { fold } from '../decider';
import { assertEffectiveAt } from './programme-facts';
import { DEFAULT_PROGRAMME_SETTINGS } from './programme-settings';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { assertDecidingBody, bodyOf } from '../judged';
import {
  GoLiveMoveReason,
  ProgrammeCommand,
  ProgrammeDetails,
  ProgrammeEvent,
  goLiveMoveReasonLabel,
  programmeDecider,
  programmeFacts,
} from './programme';
import { specification } from '../testing/specification';

const programmeId = 'b4f3c2a1-0000-4000-8000-000000000001';
const details: ProgrammeDetails = {
  programmeId,
  name: 'Northshire Children’s Trust transition',
  council: 'Northshire County Council',
  newBody: 'Northshire Children’s Trust',
  legalForm: 'company-limited-by-guarantee',
  servicesInScope: ['children’s social care'],
  goLiveDate: '2027-04-01',
};
const NOW = '2026-11-22T10:00:00.000Z';
const registered: ProgrammeEvent = { type: 'ProgrammeRegistered', data: { ...details, registeredAt: '2026-01-05T09:00:00.000Z' } };

type Data<T extends ProgrammeCommand['type']> = Extract<ProgrammeCommand, { type: T }>['data'];
const command = <T extends ProgrammeCommand['type']>(type: T, data: Partial<Data<T>> = {}, now = NOW): ProgrammeCommand =>
  ({ type, data: { programmeId, ...data }, metadata: { now } }) as unknown as ProgrammeCommand;
const register = (data: Partial<ProgrammeDetails> = {}, now = NOW) => command('RegisterProgramme', { ...details, ...data }, now);
const move = (date: string, reasons: GoLiveMoveReason[], note = 'Pension admission agreement delayed') =>
  command('MoveGoLiveDate', { date, reasons, note });

/** Given events, when a command, then events or an error. */
const { given } = specification(programmeDecider);
const refused = (when: () => unknown, error: new (...args: never[]) => Error, message: string | RegExp) => {
  expect(when).toThrow(error);
  expect(when).toThrow(message);
};
const wentLive: ProgrammeEvent = { type: 'ProgrammeWentLive', data: { programmeId, date: '2026-11-20', plannedDate: '2027-04-01' } };
const closed: ProgrammeEvent = { type: 'ProgrammeClosed', data: { programmeId, note: 'Handed over', wentLive: true } };
const decided = (decisionId: string, decision: 'go' | 'no-go', goLiveDate = '2027-04-01', extra: object = {}): ProgrammeEvent => ({
  type: 'GoNoGoDecided',
  data: { programmeId, decisionId, decision, reasons: 'Board minute 7', goLiveDate, ...extra },
});
const go = decided('go-1', 'go');
const moved = (from: string, to: string): ProgrammeEvent => ({ type: 'GoLiveDateMoved', data: { programmeId, from, to, direction: to > from ? 'later' : 'earlier', reasons: ['other'], note: 'n' } });
const settingsChanged = (decisionBodies: object): ProgrammeEvent => ({ type: 'ProgrammeSettingsChanged', data: { programmeId, decisionBodies, fourEyes: [] } as never });
const goLive = (date = '2026-11-20') => command('RecordGoLive', { date });

describe('programme', () => {
  describe('registering', () => {
    it('records the programme with a provisional go-live date and when it was registered', () => {
      expect(given().when(register())()).toEqual([{ type: 'ProgrammeRegistered', data: { ...details, registeredAt: NOW } }]);
    });

    it('is refused when the programme already exists', () => {
      refused(given(registered).when(register()), IllegalStateError, 'This programme is already registered');
    });

    it('is refused when the go-live date is today or earlier, judged on the UK calendar', () => {
      // 23:30 UTC on 31 March is already 1 April in London (BST).
      refused(given().when(register({ goLiveDate: '2027-04-01' }, '2027-03-31T23:30:00Z')), InvalidCommandError, 'goLiveDate must be a date after today');
    });
  });

  it('treats any other command on an unknown programme as not found', () => {
    refused(given().when(command('ConfirmGoLiveDate', { date: '2027-04-01' })), NotFoundError, `No programme with id ${programmeId}`);
  });

  describe('confirming the go-live date', () => {
    it('records the confirmation', () => {
      expect(given(registered).when(command('ConfirmGoLiveDate', { date: '2027-04-01' }))()).toEqual([
        { type: 'GoLiveDateConfirmed', data: { programmeId, date: '2027-04-01' } },
      ]);
    });

    it('refuses to confirm a date that is not the current one, or twice', () => {
      refused(given(registered).when(command('ConfirmGoLiveDate', { date: '2027-05-01' })), IllegalStateError, 'confirm the date as it stands');
      const confirmed: ProgrammeEvent = { type: 'GoLiveDateConfirmed', data: { programmeId, date: '2027-04-01' } };
      refused(given(registered, confirmed).when(command('ConfirmGoLiveDate', { date: '2027-04-01' })), IllegalStateError, 'already confirmed');
    });
  });

  describe('moving the go-live date', () => {
    it('records a later move with its reasons and note, and makes the date provisional again', () => {
      const confirmed: ProgrammeEvent = { type: 'GoLiveDateConfirmed', data: { programmeId, date: '2027-04-01' } };
      const events = given(registered, confirmed).when(move('2027-07-01', ['pensions', 'tupe']))();
      expect(events).toEqual([
        {
          type: 'GoLiveDateMoved',
          data: { programmeId, from: '2027-04-01', to: '2027-07-01', direction: 'later', reasons: ['pensions', 'tupe'], note: 'Pension admission agreement delayed' },
        },
      ]);
      const state = fold(programmeDecider, [registered, confirmed, ...events]);
      expect(state).toMatchObject({ goLiveDate: '2027-07-01', goLiveConfirmed: false });
    });

    it('allows fewer reasons for bringing the date forward', () => {
      expect(given(registered).when(move('2027-03-01', ['governance']))()[0].data).toMatchObject({ direction: 'earlier' });
      refused(
        given(registered).when(move('2027-03-01', ['governance', 'tupe', 'pensions'])),
        InvalidCommandError,
        'reasons tupe, pensions cannot justify bringing go-live forward',
      );
    });

    it('refuses a move to the same date or to a date that has passed', () => {
      refused(given(registered).when(move('2027-04-01', ['other'])), InvalidCommandError, 'date is already the go-live date');
      refused(given(registered).when(move('2026-11-22', ['other'])), InvalidCommandError, 'date must be a date after today');
    });

    it('keeps the words of every reason code', () => {
      expect(goLiveMoveReasonLabel('ofsted-registration')).toBe('Ofsted registration');
      expect(goLiveMoveReasonLabel('a-code-from-an-older-release')).toBe('a-code-from-an-older-release');
    });
  });

  describe('going live and closing', () => {
    it('records go-live on the actual date, beside the planned one', () => {
      expect(given(registered, go).when(command('RecordGoLive', { date: '2026-11-20' }))()).toEqual([
        { type: 'ProgrammeWentLive', data: { programmeId, date: '2026-11-20', plannedDate: '2027-04-01' } },
      ]);
    });

    it('refuses a go-live date in the future or before registration', () => {
      refused(given(registered, go).when(command('RecordGoLive', { date: '2026-11-23' })), InvalidCommandError, 'date must not be in the future');
      refused(given(registered, go).when(command('RecordGoLive', { date: '2025-12-31' })), InvalidCommandError, 'before the programme began (5 January 2026)');
    });

    it('settles go-live: no more moves or go / no-go after it', () => {
      refused(given(registered, wentLive).when(move('2027-07-01', ['other'])), IllegalStateError, 'went live on 20 November 2026');
      refused(given(registered, wentLive).when(command('DecideGoNoGo', { decisionId: 'd', decision: 'go', reasons: 'x' })), IllegalStateError, 'went live');
    });

    const review = { lessons: [{ area: 'staff' as const, wentWell: 'ELI on time', didNotGoWell: ' ' }, { area: 'slas' as const, wentWell: '', didNotGoWell: '' }], exitStrategy: 'Reviewed against schedule 9 of the services contract' };

    it('closes after go-live with its review, and then refuses everything', () => {
      expect(given(registered, wentLive).when(command('CloseProgramme', { note: 'Handed over', ...review }))()).toEqual([
        // Blank answers are left out; an area with nothing said is not kept.
        { ...closed, data: { ...closed.data, lessons: [{ area: 'staff', wentWell: 'ELI on time' }], exitStrategy: 'Reviewed against schedule 9 of the services contract' } },
      ]);
      refused(given(registered, wentLive, closed).when(command('CloseProgramme', { note: 'again', ...review })), IllegalStateError, 'already closed');
      refused(given(registered, closed).when(command('ConfirmGoLiveDate', { date: '2027-04-01' })), IllegalStateError, 'The programme is closed');
    });

    it('refuses to close a live programme without lessons by area or the exit strategy checked, naming each field', () => {
      const refusal = () => given(registered, wentLive).when(command('CloseProgramme', { note: 'Handed over', lessons: [{ area: 'staff', wentWell: '  ' }], exitStrategy: ' ' }))();
      expect(refusal).toThrow(InvalidCommandError);
      try {
        refusal();
      } catch (error) {
        expect((error as InvalidCommandError).problems).toEqual([
          { field: 'lessons', problem: 'must say, for at least one area, what went well or what did not' },
          { field: 'exitStrategy', problem: 'is required' },
        ]);
      }
    });

    it('closes a live programme only when each thing outstanding is handed over to a named owner, and keeps who has each', () => {
      const outstanding = [
        { id: 'i-1', label: 'SLA-PAY' },
        { id: 'i-2', label: 'CON-08' },
      ];
      refused(
        given(registered, wentLive).when(command('CloseProgramme', { note: 'Handed over', ...review, outstanding, handovers: [{ id: 'i-1', to: 'Council HR — payroll lead' }, { id: 'i-2', to: ' ' }] })),
        IllegalStateError,
        '1 thing is still outstanding and not handed over (CON-08): finish it or hand it over to a named owner outside the programme before closing',
      );
      // Finished since the form was drawn: nothing to hand over, and nothing kept.
      const [finished] = given(registered, wentLive).when(command('CloseProgramme', { note: 'x', ...review, outstanding: [], handovers: [{ id: 'i-9', to: 'Someone' }] }))();
      expect((finished.data as { handovers?: unknown }).handovers).toBeUndefined();
      const [event] = given(registered, wentLive).when(
        command('CloseProgramme', { note: 'Handed over', ...review, outstanding, handovers: [{ id: 'i-1', to: 'Council HR — payroll lead' }, { id: 'i-2', to: 'Trust procurement' }] }),
      )();
      expect((event.data as { handovers: unknown }).handovers).toEqual([
        { id: 'i-1', label: 'SLA-PAY', to: 'Council HR — payroll lead' },
        { id: 'i-2', label: 'CON-08', to: 'Trust procurement' },
      ]);
    });

    it('closes a programme stopped before go-live with its reason alone, whatever is outstanding', () => {
      const [event] = given(registered).when(command('CloseProgramme', { note: 'Stopped by the council', outstanding: [{ id: 'i-1', label: 'SLA-PAY' }] }))();
      expect(event).toEqual({ type: 'ProgrammeClosed', data: { programmeId, note: 'Stopped by the council', wentLive: false } });
    });
  });

  describe('go-live needs a go', () => {
    it('is refused without a go / no-go decision, naming the date', () => {
      refused(given(registered).when(goLive()), IllegalStateError, 'Go-live needs a go: the board has no go / no-go decision standing on the go-live date 1 April 2027');
      expect(given(registered, go).when(goLive())()).toHaveLength(1);
    });

    it('is refused after a later no-go, and allowed again after a later go', () => {
      refused(given(registered, go, decided('no-1', 'no-go')).when(goLive()), IllegalStateError, 'is no-go (decision no-1)');
      expect(given(registered, go, decided('no-1', 'no-go'), decided('go-2', 'go')).when(goLive())()).toHaveLength(1);
    });

    it('is refused once the date has moved since the go, even back to the date the go was for', () => {
      refused(given(registered, go, moved('2027-04-01', '2027-06-01')).when(goLive()), IllegalStateError, 'the last go (decision go-1) was for 1 April 2027, and the date has moved since');
      refused(given(registered, go, moved('2027-04-01', '2027-06-01'), moved('2027-06-01', '2027-04-01')).when(goLive()), IllegalStateError, 'no go / no-go decision standing on the go-live date 1 April 2027');
      expect(given(registered, go, moved('2027-04-01', '2027-06-01'), decided('go-2', 'go', '2027-06-01')).when(goLive())()).toHaveLength(1);
    });
  });

  describe('conditions on a go', () => {
    const terms = [
      { text: 'Services contract signed', owner: 'Head of Legal', dueOn: '2027-03-15' },
      { text: 'Interim SLAs signed', owner: 'Head of HR', dueOn: '2027-07-01' },
    ];
    const goWith = decided('go-1', 'go', '2027-04-01', { conditions: terms.map((c, i) => ({ ...c, conditionId: `c${i + 1}` })) });
    const met = (conditionId: string, decisionId = 'go-1'): ProgrammeEvent => ({ type: 'DecisionConditionMet', data: { programmeId, decisionId, conditionId, note: 'Signed on 10 March' } });
    const meet = (conditionId: string, decisionId = 'go-1') => command('RecordConditionMet', { decisionId, conditionId, note: 'Signed on 10 March' });

    it('numbers the conditions of a go, and refuses them on a no-go or already past due', () => {
      const [event] = given(registered).when(command('DecideGoNoGo', { decisionId: 'go-1', decision: 'go', reasons: 'Board minute 7', conditions: terms }))();
      expect(event).toEqual(goWith);
      refused(given(registered).when(command('DecideGoNoGo', { decisionId: 'n', decision: 'no-go', reasons: 'x', conditions: terms })), InvalidCommandError, 'conditions may only be given on a go decision');
      refused(given(registered).when(command('DecideGoNoGo', { decisionId: 'g', decision: 'go', reasons: 'x', conditions: [{ ...terms[0], dueOn: '2026-11-21' }] })), InvalidCommandError, 'conditions[0].dueOn must not be before today (2026-11-22)');
    });

    it('holds go-live back while a condition due by go-live is unmet, and not for one due after', () => {
      refused(given(registered, goWith).when(goLive()), IllegalStateError, 'c1 "Services contract signed" (Head of Legal, due 15 March 2027)');
      expect(() => given(registered, goWith).when(goLive())()).not.toThrow('c2');
      expect(given(registered, goWith, met('c1')).when(goLive())()).toHaveLength(1);
    });

    it('records a condition met once, for a go that still stands, even after go-live', () => {
      expect(given(registered, goWith).when(meet('c1'))()).toEqual([met('c1')]);
      refused(given(registered, goWith, met('c1')).when(meet('c1')), IllegalStateError, 'c1 of decision go-1 is already recorded as met');
      refused(given(registered, goWith).when(meet('c9')), NotFoundError, 'No condition of decision go-1 with id c9');
      refused(given(registered, goWith).when(meet('c1', 'nobody')), NotFoundError, 'No go / no-go decision with id nobody');
      refused(given(registered, goWith, moved('2027-04-01', '2027-06-01')).when(meet('c1')), IllegalStateError, 'no longer stands');
      const live: ProgrammeEvent = { type: 'ProgrammeWentLive', data: { programmeId, date: '2026-11-20', plannedDate: '2027-04-01' } };
      expect(given(registered, goWith, met('c1'), live).when(meet('c2'))()).toEqual([met('c2')]);
      refused(given(registered, goWith, met('c1'), live, closed).when(meet('c2')), IllegalStateError, 'The programme is closed');
    });
  });

  describe('who decided', () => {
    const commissionerOnly = settingsChanged({ 'project-board': ['delivery-confidence'], commissioner: ['go-no-go'] });

    it('records the body and who sat, and reads a decision without a body as the project board’s', () => {
      const [event] = given(registered).when(command('DecideGoNoGo', { decisionId: 'g', decision: 'go', reasons: 'x', body: 'project-board', attendees: ['Chair', 'DfE adviser'] }))();
      expect(event.data).toMatchObject({ body: 'project-board', attendees: ['Chair', 'DfE adviser'] });
      expect(bodyOf({})).toBe('project-board');
    });

    it('refuses a body the settings do not allow the type, naming those that may', () => {
      refused(given(registered, commissionerOnly).when(command('DecideGoNoGo', { decisionId: 'g', decision: 'go', reasons: 'x' })), IllegalStateError, 'Project board may not take go-no-go decisions in this programme; bodies that may: Commissioner');
      expect(given(registered, commissionerOnly).when(command('DecideGoNoGo', { decisionId: 'g', decision: 'go', reasons: 'x', body: 'commissioner' }))()).toHaveLength(1);
      refused(given(registered, commissionerOnly).when(command('RecordBoardRating', { decisionId: 'r', rating: 'amber', rationale: 'x', body: 'commissioner' })), IllegalStateError, 'bodies that may: Project board');
      expect(given(registered, commissionerOnly).when(command('RecordBoardRating', { decisionId: 'r', rating: 'amber', rationale: 'x' }))()).toHaveLength(1);
    });

    it('says when no body may take a type', () => {
      expect(() => assertDecidingBody({ decisionBodies: {}, fourEyes: [] }, 'risk-acceptance', 'department')).toThrow('no body may take them until the programme settings allow one');
      expect(() => assertDecidingBody(DEFAULT_PROGRAMME_SETTINGS, 'risk-acceptance')).not.toThrow();
    });
  });

  describe('board decisions', () => {
    it('records the board’s own rating with its rationale', () => {
      expect(given(registered).when(command('RecordBoardRating', { decisionId: 'd-1', rating: 'amber-red', rationale: 'Pensions late' }))()).toEqual([
        { type: 'BoardRatingRecorded', data: { programmeId, decisionId: 'd-1', rating: 'amber-red', rationale: 'Pensions late' } },
      ]);
    });

    it('records go / no-go against the go-live date it was taken for', () => {
      expect(given(registered).when(command('DecideGoNoGo', { decisionId: 'd-2', decision: 'no-go', reasons: 'ELI late' }))()).toEqual([
        { type: 'GoNoGoDecided', data: { programmeId, decisionId: 'd-2', decision: 'no-go', reasons: 'ELI late', goLiveDate: '2027-04-01' } },
      ]);
    });
  });

  it('gives the facts the registers and findings are decided against', () => {
    expect(programmeFacts(fold(programmeDecider, [registered, wentLive]), programmeId)).toEqual({
      programmeId,
      status: 'live',
      registeredAt: '2026-01-05T09:00:00.000Z',
      startedOn: '2026-01-05',
      goLiveDate: '2027-04-01',
      settings: DEFAULT_PROGRAMME_SETTINGS,
    });
    expect(() => programmeFacts(fold(programmeDecider, []), programmeId)).toThrow(NotFoundError);
  });

  describe('a programme already under way', () => {
    const underWay = { ...registered, data: { ...registered.data, startedOn: '2025-06-02' } } as ProgrammeEvent;

    it('records the day it began when that is before the registration day, and nothing when it is the same day', () => {
      const began = (startedOn: string) => given().when(command('RegisterProgramme', { ...details, startedOn }, '2026-01-05T09:00:00.000Z'));
      expect(began('2025-06-02')()[0].data).toMatchObject({ startedOn: '2025-06-02' });
      expect(began('2026-01-05')()[0].data).not.toHaveProperty('startedOn');
      refused(began('2026-01-06'), InvalidCommandError, 'startedOn must not be in the future');
    });

    it('lets facts be effective back to the day it began, and not before', () => {
      const facts = programmeFacts(fold(programmeDecider, [underWay]), programmeId);
      expect(facts.startedOn).toBe('2025-06-02');
      expect(() => assertEffectiveAt('2025-06-02T08:00:00.000Z', '2026-01-05T10:00:00.000Z', facts)).not.toThrow();
      expect(() => assertEffectiveAt('2025-06-01T22:59:59.000Z', '2026-01-05T10:00:00.000Z', facts)).toThrow('must not be before the programme began (2025-06-01T23:00:00.000Z)');
    });
  });

  describe('settings', () => {
    it('records the settings whole after a change to one of them, and the facts carry them', () => {
      const events = given(registered).when(command('ChangeProgrammeSettings', { fourEyes: ['critical'] }))();
      expect(events).toEqual([{ type: 'ProgrammeSettingsChanged', data: { programmeId, decisionBodies: DEFAULT_PROGRAMME_SETTINGS.decisionBodies, fourEyes: ['critical'] } }]);
      const facts = programmeFacts(fold(programmeDecider, [registered, ...events]), programmeId);
      expect(facts.settings.fourEyes).toEqual(['critical']);
    });

    it('refuses an unknown body, decision type or severity, naming the field', () => {
      refused(given(registered).when(command('ChangeProgrammeSettings', { decisionBodies: { parliament: ['go-no-go'] } } as never)), InvalidCommandError, 'decisionBodies.parliament is not a deciding body');
      refused(given(registered).when(command('ChangeProgrammeSettings', { decisionBodies: { commissioner: ['veto'] } } as never)), InvalidCommandError, 'veto is not a decision type');
      refused(given(registered).when(command('ChangeProgrammeSettings', { fourEyes: ['urgent'] } as never)), InvalidCommandError, 'urgent is not a severity');
    });

    it('refuses bodies that leave a kind of decision to nobody, naming it, and takes them when every kind has a body', () => {
      // A go / no-go nobody may take could never be recorded, so the programme could never go live.
      const nobodyGoes = command('ChangeProgrammeSettings', { decisionBodies: { 'project-board': ['sla-recommendation', 'delivery-confidence'], commissioner: ['risk-acceptance'] } });
      refused(given(registered).when(nobodyGoes), InvalidCommandError, 'decisionBodies must leave every decision to some body; nobody would take go-no-go');
      refused(given(registered).when(command('ChangeProgrammeSettings', { decisionBodies: {} })), InvalidCommandError, 'nobody would take sla-recommendation, risk-acceptance, delivery-confidence, go-no-go');
      const [changed] = given(registered).when(command('ChangeProgrammeSettings', { decisionBodies: { 'project-board': ['sla-recommendation', 'delivery-confidence'], commissioner: ['risk-acceptance', 'go-no-go'] } }))();
      expect(changed.data).toMatchObject({ decisionBodies: { commissioner: ['risk-acceptance', 'go-no-go'] } });
      // Four eyes alone leaves the bodies as they stand.
      expect(given(registered).when(command('ChangeProgrammeSettings', { fourEyes: [] }))()).toHaveLength(1);
    });
  });
});
