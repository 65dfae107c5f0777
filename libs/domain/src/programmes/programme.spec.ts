import { fold } from '../decider';
import { IllegalStateError, InvalidCommandError } from '../errors';
import { ProgrammeDetails, ProgrammeEvent, RegisterProgramme, programmeDecider } from './programme';

const details: ProgrammeDetails = {
  programmeId: 'b4f3c2a1-0000-4000-8000-000000000001',
  name: 'Northshire Children’s Trust transition',
  council: 'Northshire County Council',
  newBody: 'Northshire Children’s Trust',
  legalForm: 'company-limited-by-guarantee',
  servicesInScope: ['children’s social care'],
  goLiveDate: '2027-04-01',
};
const register = (data: Partial<ProgrammeDetails> = {}, now = '2026-11-22T10:00:00Z'): RegisterProgramme => ({
  type: 'RegisterProgramme',
  data: { ...details, ...data },
  metadata: { now },
});

/** Given events, when a command, then events or an error. */
const given = (events: ProgrammeEvent[]) => ({
  when: (command: RegisterProgramme) => () => programmeDecider.decide(command, fold(programmeDecider, events)),
});

describe('programme', () => {
  describe('registering', () => {
    it('records the programme with a provisional go-live date', () => {
      expect(given([]).when(register())()).toEqual([{ type: 'ProgrammeRegistered', data: details }]);
    });

    it('is refused when the programme already exists', () => {
      expect(given([{ type: 'ProgrammeRegistered', data: details }]).when(register())).toThrow(
        new IllegalStateError('This programme is already registered'),
      );
    });

    it('is refused when the go-live date is today or earlier, judged on the UK calendar', () => {
      // 23:30 UTC on 31 March is already 1 April in London (BST).
      const when = given([]).when(register({ goLiveDate: '2027-04-01' }, '2027-03-31T23:30:00Z'));
      expect(when).toThrow(InvalidCommandError);
      expect(when).toThrow('goLiveDate must be a date after today');
    });

    it('accepts tomorrow', () => {
      expect(given([]).when(register({ goLiveDate: '2026-11-23' }))()).toHaveLength(1);
    });
  });

  it('evolves into an active programme whose go-live date is not yet confirmed', () => {
    expect(fold(programmeDecider, [{ type: 'ProgrammeRegistered', data: details }])).toEqual({
      status: 'active',
      goLiveConfirmed: false,
      ...details,
    });
  });
});
