import { Command, Decider, DomainEvent, assertNever } from '../decider';
import { IllegalStateError, InvalidCommandError } from '../errors';
import { ukDateOf } from '../calendar';

export const LEGAL_FORMS = [
  'company-limited-by-guarantee',
  'community-interest-company',
  'mutual',
  'charitable-incorporated-organisation',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

export interface ProgrammeDetails {
  readonly programmeId: string;
  readonly name: string;
  readonly council: string;
  readonly newBody: string;
  readonly legalForm: LegalForm;
  readonly servicesInScope: readonly string[];
  /** Provisional until confirmed. */
  readonly goLiveDate: string;
}

// Commands
export type RegisterProgramme = Command<'RegisterProgramme', ProgrammeDetails>;
export type ProgrammeCommand = RegisterProgramme;

// Events: named facts in the past tense, with stable string types.
export type ProgrammeRegistered = DomainEvent<'ProgrammeRegistered', ProgrammeDetails>;
export type ProgrammeEvent = ProgrammeRegistered;

// State
export type Programme =
  | { readonly status: 'unregistered' }
  | ({ readonly status: 'active'; readonly goLiveConfirmed: boolean } & ProgrammeDetails);

export const programmeStreamId = (programmeId: string) => `programme-${programmeId}`;

export const programmeDecider: Decider<Programme, ProgrammeCommand, ProgrammeEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterProgramme': {
        if (state.status !== 'unregistered') throw new IllegalStateError('This programme is already registered');
        if (command.data.goLiveDate <= ukDateOf(command.metadata.now)) {
          throw new InvalidCommandError([{ field: 'goLiveDate', problem: 'must be a date after today' }]);
        }
        return [{ type: 'ProgrammeRegistered', data: command.data }];
      }
      default:
        return assertNever(command.type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ProgrammeRegistered':
        return { status: 'active', goLiveConfirmed: false, ...event.data };
      default:
        return assertNever(event.type);
    }
  },

  schemaVersions: { ProgrammeRegistered: 1 },
};
