import { fold } from '../decider';
import { assertEffectiveAt } from './programme-facts';
import { DEFAULT_PROGRAMME_SETTINGS } from './programme-settings';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import {
  GoLiveMoveReason,
  ProgrammeCommand,
  ProgrammeDetails,
  ProgrammeEvent,
  goLiveMoveReasonLabel,
  programmeDecider,
  programmeFacts,
} from './programme';

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
const given = (...events: ProgrammeEvent[]) => ({
  when: (c: ProgrammeCommand) => () => programmeDecider.decide(c, fold(programmeDecider, events)),
});
const refused = (when: () => unknown, error: new (...args: never[]) => Error, message: string | RegExp) => {
  expect(when).toThrow(error);
  expect(when).toThrow(message);
};
const wentLive: ProgrammeEvent = { type: 'ProgrammeWentLive', data: { programmeId, date: '2026-11-20', plannedDate: '2027-04-01' } };
const closed: ProgrammeEvent = { type: 'ProgrammeClosed', data: { programmeId, note: 'Handed over', wentLive: true } };

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
      expect(given(registered).when(command('RecordGoLive', { date: '2026-11-20' }))()).toEqual([
        { type: 'ProgrammeWentLive', data: { programmeId, date: '2026-11-20', plannedDate: '2027-04-01' } },
      ]);
    });

    it('refuses a go-live date in the future or before registration', () => {
      refused(given(registered).when(command('RecordGoLive', { date: '2026-11-23' })), InvalidCommandError, 'date must not be in the future');
      refused(given(registered).when(command('RecordGoLive', { date: '2025-12-31' })), InvalidCommandError, 'before the programme began (2026-01-05)');
    });

    it('settles go-live: no more moves or go / no-go after it', () => {
      refused(given(registered, wentLive).when(move('2027-07-01', ['other'])), IllegalStateError, 'went live on 2026-11-20');
      refused(given(registered, wentLive).when(command('DecideGoNoGo', { decisionId: 'd', decision: 'go', reasons: 'x' })), IllegalStateError, 'went live');
    });

    it('closes, and then refuses everything', () => {
      expect(given(registered, wentLive).when(command('CloseProgramme', { note: 'Handed over' }))()).toEqual([closed]);
      refused(given(registered, wentLive, closed).when(command('CloseProgramme', { note: 'again' })), IllegalStateError, 'already closed');
      refused(given(registered, closed).when(command('ConfirmGoLiveDate', { date: '2027-04-01' })), IllegalStateError, 'The programme is closed');
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
  });
});
