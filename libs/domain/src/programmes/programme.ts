import { Command, Decider, DomainEvent, assertNever } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ukDateOf } from '../calendar';
import { ProgrammeFacts } from './programme-facts';
import { Judged, versionOf } from '../judged';
import { DEFAULT_PROGRAMME_SETTINGS, ProgrammeSettings, assertSettings } from './programme-settings';

export const LEGAL_FORMS = [
  'company-limited-by-guarantee',
  'community-interest-company',
  'mutual',
  'charitable-incorporated-organisation',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/**
 * Why a go-live date moved. Codes once used stay readable forever: a code is retired by
 * marking it, never by deleting it, so old events keep their words.
 */
export const GO_LIVE_MOVE_REASONS = {
  tupe: { label: 'TUPE and staff transfer', earlier: false },
  pensions: { label: 'Pensions', earlier: false },
  contracts: { label: 'Third-party contracts', earlier: false },
  systems: { label: 'Systems', earlier: false },
  estates: { label: 'Estates', earlier: false },
  finance: { label: 'Finance', earlier: true },
  governance: { label: 'Governance', earlier: true },
  'ofsted-registration': { label: 'Ofsted registration', earlier: false },
  legal: { label: 'Legal', earlier: true },
  other: { label: 'Other', earlier: true },
} as const satisfies Record<string, { label: string; earlier: boolean; retired?: true }>;
export type GoLiveMoveReason = keyof typeof GO_LIVE_MOVE_REASONS;
export const GO_LIVE_MOVE_REASON_CODES = Object.keys(GO_LIVE_MOVE_REASONS) as GoLiveMoveReason[];
/** Bringing go-live forward is justified by fewer things than putting it back. */
export const EARLIER_MOVE_REASON_CODES = GO_LIVE_MOVE_REASON_CODES.filter((code) => GO_LIVE_MOVE_REASONS[code].earlier);

export function goLiveMoveReasonLabel(code: string): string {
  return (GO_LIVE_MOVE_REASONS as Record<string, { label: string }>)[code]?.label ?? code;
}

/** The IPA's five-point delivery confidence scale. */
export const DELIVERY_CONFIDENCE = ['green', 'amber-green', 'amber', 'amber-red', 'red'] as const;
export type DeliveryConfidence = (typeof DELIVERY_CONFIDENCE)[number];

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
type ProgrammeCommandOf<Type extends string, Data> = Command<Type, { readonly programmeId: string } & Data>;
/** startedOn: for a programme already under way, the day it really began (default: today). */
export type RegisterProgramme = Command<'RegisterProgramme', ProgrammeDetails & { readonly startedOn?: string }>;
export type ChangeProgrammeSettings = ProgrammeCommandOf<'ChangeProgrammeSettings', Partial<ProgrammeSettings>>;
export type ConfirmGoLiveDate = ProgrammeCommandOf<'ConfirmGoLiveDate', { readonly date: string }>;
export type MoveGoLiveDate = ProgrammeCommandOf<
  'MoveGoLiveDate',
  { readonly date: string; readonly reasons: readonly GoLiveMoveReason[]; readonly note: string }
>;
export type RecordGoLive = ProgrammeCommandOf<'RecordGoLive', { readonly date: string }>;
export type CloseProgramme = ProgrammeCommandOf<'CloseProgramme', { readonly note: string }>;
export type RecordBoardRating = ProgrammeCommandOf<
  'RecordBoardRating',
  { readonly decisionId: string; readonly rating: DeliveryConfidence; readonly rationale: string } & Judged
>;
export type DecideGoNoGo = ProgrammeCommandOf<
  'DecideGoNoGo',
  { readonly decisionId: string; readonly decision: 'go' | 'no-go'; readonly reasons: string } & Judged
>;
export type ProgrammeCommand =
  | RegisterProgramme
  | ConfirmGoLiveDate
  | MoveGoLiveDate
  | RecordGoLive
  | CloseProgramme
  | RecordBoardRating
  | DecideGoNoGo
  | ChangeProgrammeSettings;

// Events: named facts in the past tense, with stable string types.
/** startedOn is present only when the programme began before it was registered. */
export type ProgrammeRegistered = DomainEvent<'ProgrammeRegistered', ProgrammeDetails & { readonly registeredAt: string; readonly startedOn?: string }>;
/** The settings as they stand after the change, whole, so each event reads on its own. */
export type ProgrammeSettingsChanged = DomainEvent<'ProgrammeSettingsChanged', { readonly programmeId: string } & ProgrammeSettings>;
export type GoLiveDateConfirmed = DomainEvent<'GoLiveDateConfirmed', { readonly programmeId: string; readonly date: string }>;
export type GoLiveDateMoved = DomainEvent<
  'GoLiveDateMoved',
  {
    readonly programmeId: string;
    readonly from: string;
    readonly to: string;
    readonly direction: 'earlier' | 'later';
    readonly reasons: readonly string[];
    readonly note: string;
  }
>;
export type ProgrammeWentLive = DomainEvent<'ProgrammeWentLive', { readonly programmeId: string; readonly date: string; readonly plannedDate: string }>;
export type ProgrammeClosed = DomainEvent<'ProgrammeClosed', { readonly programmeId: string; readonly note: string; readonly wentLive: boolean }>;
export type BoardRatingRecorded = DomainEvent<
  'BoardRatingRecorded',
  { readonly programmeId: string; readonly decisionId: string; readonly rating: DeliveryConfidence; readonly rationale: string } & Judged
>;
export type GoNoGoDecided = DomainEvent<
  'GoNoGoDecided',
  { readonly programmeId: string; readonly decisionId: string; readonly decision: 'go' | 'no-go'; readonly reasons: string; readonly goLiveDate: string } & Judged
>;
export type ProgrammeEvent =
  | ProgrammeRegistered
  | GoLiveDateConfirmed
  | GoLiveDateMoved
  | ProgrammeWentLive
  | ProgrammeClosed
  | BoardRatingRecorded
  | GoNoGoDecided
  | ProgrammeSettingsChanged;

// State
export type Programme =
  | { readonly status: 'unregistered' }
  | ({
      readonly status: 'active' | 'live' | 'closed';
      readonly registeredAt: string;
      readonly startedOn: string;
      readonly settings: ProgrammeSettings;
      readonly goLiveConfirmed: boolean;
      readonly wentLiveOn?: string;
      readonly goDecision?: 'go' | 'no-go';
    } & ProgrammeDetails);

export const programmeStreamId = (programmeId: string) => `programme-${programmeId}`;

/** What the registers and findings need to know of their programme. */
export function programmeFacts(state: Programme, programmeId: string): ProgrammeFacts {
  if (state.status === 'unregistered') throw new NotFoundError('programme', programmeId);
  const { status, registeredAt, startedOn, goLiveDate, settings } = state;
  return { programmeId: state.programmeId, status, registeredAt, startedOn, goLiveDate, settings };
}

export const programmeDecider: Decider<Programme, ProgrammeCommand, ProgrammeEvent> = {
  initialState: () => ({ status: 'unregistered' }),

  decide(command, state) {
    const today = ukDateOf(command.metadata.now);
    if (command.type === 'RegisterProgramme') {
      if (state.status !== 'unregistered') throw new IllegalStateError('This programme is already registered');
      const { startedOn, ...details } = command.data;
      if (details.goLiveDate <= today) {
        throw new InvalidCommandError([{ field: 'goLiveDate', problem: 'must be a date after today' }]);
      }
      if (startedOn !== undefined && startedOn > today) throw new InvalidCommandError([{ field: 'startedOn', problem: 'must not be in the future' }]);
      const began = startedOn !== undefined && startedOn < today ? { startedOn } : {};
      return [{ type: 'ProgrammeRegistered', data: { ...details, registeredAt: command.metadata.now, ...began } }];
    }

    if (state.status === 'unregistered') throw new NotFoundError('programme', command.data.programmeId);
    const { programmeId } = state;
    if (command.type === 'CloseProgramme') {
      if (state.status === 'closed') throw new IllegalStateError('This programme is already closed');
      return [{ type: 'ProgrammeClosed', data: { programmeId, note: command.data.note, wentLive: state.status === 'live' } }];
    }
    if (state.status === 'closed') throw new IllegalStateError('The programme is closed; only notes can be added');
    if (command.type === 'ChangeProgrammeSettings') {
      assertSettings(command.data);
      const { programmeId: _id, ...change } = command.data;
      const settings: ProgrammeSettings = { ...state.settings, ...change };
      return [{ type: 'ProgrammeSettingsChanged', data: { programmeId, ...settings } }];
    }
    if (state.status === 'live') {
      throw new IllegalStateError(`The programme went live on ${state.wentLiveOn}; its go-live and board decisions are settled`);
    }

    switch (command.type) {
      case 'ConfirmGoLiveDate': {
        if (command.data.date !== state.goLiveDate) {
          throw new IllegalStateError(`The go-live date is ${state.goLiveDate}, not ${command.data.date}; confirm the date as it stands`);
        }
        if (state.goLiveConfirmed) throw new IllegalStateError(`The go-live date ${state.goLiveDate} is already confirmed`);
        return [{ type: 'GoLiveDateConfirmed', data: { programmeId, date: state.goLiveDate } }];
      }
      case 'MoveGoLiveDate': {
        const { date, reasons, note } = command.data;
        if (date === state.goLiveDate) {
          throw new InvalidCommandError([{ field: 'date', problem: `is already the go-live date (${date})` }]);
        }
        if (date <= today) throw new InvalidCommandError([{ field: 'date', problem: 'must be a date after today' }]);
        const direction = date > state.goLiveDate ? 'later' : 'earlier';
        const notAllowed = direction === 'earlier' ? reasons.filter((r) => !GO_LIVE_MOVE_REASONS[r]?.earlier) : [];
        if (notAllowed.length > 0) {
          throw new InvalidCommandError([
            {
              field: 'reasons',
              problem: `${notAllowed.join(', ')} cannot justify bringing go-live forward; use ${EARLIER_MOVE_REASON_CODES.join(', ')}`,
            },
          ]);
        }
        return [{ type: 'GoLiveDateMoved', data: { programmeId, from: state.goLiveDate, to: date, direction, reasons: [...reasons], note } }];
      }
      case 'RecordGoLive': {
        const { date } = command.data;
        if (date > today) throw new InvalidCommandError([{ field: 'date', problem: 'must not be in the future' }]);
        if (date < state.startedOn) {
          throw new InvalidCommandError([{ field: 'date', problem: `must not be before the programme began (${state.startedOn})` }]);
        }
        return [{ type: 'ProgrammeWentLive', data: { programmeId, date, plannedDate: state.goLiveDate } }];
      }
      case 'RecordBoardRating': {
        const { decisionId, rating, rationale, rulesetVersion } = command.data;
        return [{ type: 'BoardRatingRecorded', data: { programmeId, decisionId, rating, rationale, ...versionOf(rulesetVersion) } }];
      }
      case 'DecideGoNoGo': {
        const { decisionId, decision, reasons, rulesetVersion } = command.data;
        return [{ type: 'GoNoGoDecided', data: { programmeId, decisionId, decision, reasons, goLiveDate: state.goLiveDate, ...versionOf(rulesetVersion) } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'ProgrammeRegistered') {
      const { registeredAt, startedOn, ...details } = event.data;
      return { status: 'active', goLiveConfirmed: false, registeredAt, startedOn: startedOn ?? ukDateOf(registeredAt), settings: DEFAULT_PROGRAMME_SETTINGS, ...details };
    }
    if (state.status === 'unregistered') return state;
    switch (event.type) {
      case 'GoLiveDateConfirmed':
        return { ...state, goLiveConfirmed: true };
      case 'GoLiveDateMoved':
        // A moved date is provisional again until it is confirmed.
        return { ...state, goLiveDate: event.data.to, goLiveConfirmed: false, goDecision: undefined };
      case 'ProgrammeWentLive':
        return { ...state, status: 'live', wentLiveOn: event.data.date };
      case 'ProgrammeClosed':
        return { ...state, status: 'closed' };
      case 'BoardRatingRecorded':
        return state;
      case 'GoNoGoDecided':
        return { ...state, goDecision: event.data.decision };
      case 'ProgrammeSettingsChanged': {
        const { programmeId: _id, ...settings } = event.data;
        return { ...state, settings };
      }
      default:
        return assertNever(event);
    }
  },

  schemaVersions: {
    ProgrammeRegistered: 1,
    GoLiveDateConfirmed: 1,
    GoLiveDateMoved: 1,
    ProgrammeWentLive: 1,
    ProgrammeClosed: 1,
    BoardRatingRecorded: 1,
    GoNoGoDecided: 1,
    ProgrammeSettingsChanged: 1,
  },
};
