import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { dayInWords, ukDateOf } from '../calendar';
import { Area, ProgrammeFacts } from './programme-facts';
import { Judged, assertDecidingBody, judgedOf } from '../judged';
import type { Evidence } from '../findings/finding';
import { DEFAULT_PROGRAMME_SETTINGS, ProgrammeSettings, assertSettings } from './programme-settings';

export const LEGAL_FORMS = [
  'company-limited-by-guarantee',
  'community-interest-company',
  'mutual',
  'charitable-incorporated-organisation',
  'other',
] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** England's regions, as the department groups its transitions. */
export const REGIONS = ['north-east', 'north-west', 'yorkshire-and-the-humber', 'east-midlands', 'west-midlands', 'east-of-england', 'london', 'south-east', 'south-west'] as const;
export type Region = (typeof REGIONS)[number];

/** How the service is delivered after the transition. */
export const DELIVERY_MODELS = ['trust', 'mutual', 'community-interest-company', 'academy-trust', 'other'] as const;
export type DeliveryModel = (typeof DELIVERY_MODELS)[number];

/**
 * What a department types a transition by, to see many at once: where it is, how the service is
 * delivered after it, the inspection judgement that led to it (where there is one) and the adviser
 * who leads it. Amendable; each change is in the programme's history.
 */
export interface ProgrammeDescription {
  readonly region?: Region;
  readonly deliveryModel?: DeliveryModel;
  /** e.g. "Ofsted inadequate, January 2025". */
  readonly inspectionJudgement?: string;
  /** A named person or team. */
  readonly leadAdviser?: string;
}

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
/** The programme's description as it should now stand, whole: a field left out is cleared. */
export type DescribeProgramme = ProgrammeCommandOf<'DescribeProgramme', ProgrammeDescription>;
export type ConfirmGoLiveDate = ProgrammeCommandOf<'ConfirmGoLiveDate', { readonly date: string }>;
export type MoveGoLiveDate = ProgrammeCommandOf<
  'MoveGoLiveDate',
  { readonly date: string; readonly reasons: readonly GoLiveMoveReason[]; readonly note: string }
>;
export type RecordGoLive = ProgrammeCommandOf<'RecordGoLive', { readonly date: string }>;
/** What a closure's review says about one area: what went well, what did not. */
export interface AreaLessons {
  readonly area: Area;
  readonly wentWell?: string;
  readonly didNotGoWell?: string;
}
/** Something outstanding at closure (an item, or a finding about a whole area), by its id and how a reader knows it. */
export interface Outstanding {
  readonly id: string;
  readonly label: string;
}
/** An outstanding thing handed to a named owner outside the programme, who carries it on. */
export interface Handover extends Outstanding {
  readonly to: string;
}
export type CloseProgramme = ProgrammeCommandOf<
  'CloseProgramme',
  {
    readonly note: string;
    readonly lessons?: readonly AreaLessons[];
    /** How the exit strategy was checked at closure (what happens if the arrangement ends). */
    readonly exitStrategy?: string;
    readonly handovers?: readonly { readonly id: string; readonly to: string }[];
    /** What is outstanding since go-live, as readiness judges it today: the handler reads it, so the decider stays pure. */
    readonly outstanding?: readonly Outstanding[];
  }
>;
export type RecordBoardRating = ProgrammeCommandOf<
  'RecordBoardRating',
  { readonly decisionId: string; readonly rating: DeliveryConfidence; readonly rationale: string } & Judged
>;
/** A condition a go is subject to, as the board states it: what, who sees to it, and by when. */
export interface ConditionTerms {
  readonly text: string;
  readonly owner: string;
  readonly dueOn: string;
}
/** A condition as recorded: numbered within its decision (c1, c2, …), so it can be named in an address. */
export type DecisionCondition = ConditionTerms & { readonly conditionId: string };
export type DecideGoNoGo = ProgrammeCommandOf<
  'DecideGoNoGo',
  { readonly decisionId: string; readonly decision: 'go' | 'no-go'; readonly reasons: string; readonly conditions?: readonly ConditionTerms[] } & Judged
>;
export type RecordConditionMet = ProgrammeCommandOf<
  'RecordConditionMet',
  { readonly decisionId: string; readonly conditionId: string; readonly note: string; readonly evidence?: readonly Evidence[] }
>;
export type ProgrammeCommand =
  | RegisterProgramme
  | ConfirmGoLiveDate
  | MoveGoLiveDate
  | RecordGoLive
  | CloseProgramme
  | RecordBoardRating
  | DecideGoNoGo
  | RecordConditionMet
  | ChangeProgrammeSettings
  | DescribeProgramme;

// Events: named facts in the past tense, with stable string types.
/** startedOn is present only when the programme began before it was registered. */
export type ProgrammeRegistered = DomainEvent<'ProgrammeRegistered', ProgrammeDetails & { readonly registeredAt: string; readonly startedOn?: string }>;
/** The description as it stands after the change, whole, so each event reads on its own. */
export type ProgrammeDescribed = DomainEvent<'ProgrammeDescribed', { readonly programmeId: string } & ProgrammeDescription>;
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
/** `lessons`, `exitStrategy` and `handovers` are recorded from December 2026 on; earlier closures have none. */
export type ProgrammeClosed = DomainEvent<
  'ProgrammeClosed',
  {
    readonly programmeId: string;
    readonly note: string;
    readonly wentLive: boolean;
    readonly lessons?: readonly AreaLessons[];
    readonly exitStrategy?: string;
    readonly handovers?: readonly Handover[];
  }
>;
export type BoardRatingRecorded = DomainEvent<
  'BoardRatingRecorded',
  { readonly programmeId: string; readonly decisionId: string; readonly rating: DeliveryConfidence; readonly rationale: string } & Judged
>;
/** conditions: present only on a go given subject to conditions. */
export type GoNoGoDecided = DomainEvent<
  'GoNoGoDecided',
  {
    readonly programmeId: string;
    readonly decisionId: string;
    readonly decision: 'go' | 'no-go';
    readonly reasons: string;
    readonly goLiveDate: string;
    readonly conditions?: readonly DecisionCondition[];
  } & Judged
>;
export type DecisionConditionMet = DomainEvent<
  'DecisionConditionMet',
  { readonly programmeId: string; readonly decisionId: string; readonly conditionId: string; readonly note: string; readonly evidence?: readonly Evidence[] }
>;
export type ProgrammeEvent =
  | ProgrammeRegistered
  | GoLiveDateConfirmed
  | GoLiveDateMoved
  | ProgrammeWentLive
  | ProgrammeClosed
  | BoardRatingRecorded
  | GoNoGoDecided
  | DecisionConditionMet
  | ProgrammeSettingsChanged
  | ProgrammeDescribed;

// State
/** A go / no-go decision as the programme keeps it: which date it was for, and its conditions. */
export interface GoNoGoRecord {
  readonly decisionId: string;
  readonly decision: 'go' | 'no-go';
  readonly goLiveDate: string;
  readonly conditions: readonly (DecisionCondition & { readonly met: boolean })[];
}

export type Programme =
  | { readonly status: 'unregistered' }
  | ({
      readonly status: 'active' | 'live' | 'closed';
      readonly registeredAt: string;
      readonly startedOn: string;
      readonly settings: ProgrammeSettings;
      /** Absent until described. */
      readonly description?: ProgrammeDescription;
      readonly goLiveConfirmed: boolean;
      readonly wentLiveOn?: string;
      /** Every go / no-go decision, oldest first. */
      readonly goNoGo: readonly GoNoGoRecord[];
      /**
       * The decision standing on the current go-live date: the latest one, until the date moves.
       * A decision is taken for a date; moving the date leaves none standing.
       */
      readonly standingGoNoGo?: string;
    } & ProgrammeDetails);

/** What the registers and findings need to know of their programme. */
export function programmeFacts(state: Programme, programmeId: string): ProgrammeFacts {
  if (state.status === 'unregistered') throw new NotFoundError('programme', programmeId);
  const { status, registeredAt, startedOn, goLiveDate, settings } = state;
  return { programmeId: state.programmeId, status, registeredAt, startedOn, goLiveDate, settings };
}

/**
 * A programme that went live closes with its review done (Government Functional Standard GovS 002,
 * Project delivery: closure records lessons learned and hands over what remains): what went well
 * and what did not, for at least one area; how the exit strategy was checked; and nothing left
 * outstanding that is not handed over to a named owner outside the programme. A programme that
 * never went live (stopped) closes with its reason alone; lessons given are kept.
 */
function closure(programmeId: string, data: CloseProgramme['data'], wentLive: boolean): ProgrammeClosed {
  const lessons = (data.lessons ?? [])
    .map(({ area, wentWell, didNotGoWell }) => ({ area, ...(wentWell?.trim() ? { wentWell: wentWell.trim() } : {}), ...(didNotGoWell?.trim() ? { didNotGoWell: didNotGoWell.trim() } : {}) }))
    .filter((l) => l.wentWell !== undefined || l.didNotGoWell !== undefined);
  const exitStrategy = data.exitStrategy?.trim();
  const outstanding = data.outstanding ?? [];
  const to = new Map((data.handovers ?? []).filter((h) => h.to.trim() !== '').map((h) => [h.id, h.to.trim()]));
  if (wentLive) {
    const problems = [
      ...(lessons.length === 0 ? [{ field: 'lessons', problem: 'must say, for at least one area, what went well or what did not' }] : []),
      ...(exitStrategy ? [] : [{ field: 'exitStrategy', problem: 'is required' }]),
    ];
    if (problems.length > 0) throw new InvalidCommandError(problems);
    const left = outstanding.filter((o) => !to.has(o.id));
    if (left.length > 0) {
      const named = left.slice(0, 5).map((o) => o.label).join(', ') + (left.length > 5 ? ` and ${left.length - 5} more` : '');
      throw new IllegalStateError(
        `${left.length === 1 ? '1 thing is' : `${left.length} things are`} still outstanding and not handed over (${named}): finish ${left.length === 1 ? 'it' : 'each'} or hand ${left.length === 1 ? 'it' : 'each'} over to a named owner outside the programme before closing`,
      );
    }
  }
  // A handover of something no longer outstanding (finished since the form was drawn) is not kept: there is nothing to carry on.
  const handovers = outstanding.filter((o) => to.has(o.id)).map((o) => ({ ...o, to: to.get(o.id)! }));
  return {
    type: 'ProgrammeClosed',
    data: { programmeId, note: data.note, wentLive, ...(lessons.length > 0 ? { lessons } : {}), ...(exitStrategy ? { exitStrategy } : {}), ...(handovers.length > 0 ? { handovers } : {}) },
  };
}

export const programmeDecider: Decider<Programme, ProgrammeCommand, ProgrammeEvent> = upcasting<Programme, ProgrammeCommand, ProgrammeEvent>({
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
      return [closure(programmeId, command.data, state.status === 'live')];
    }
    if (state.status === 'closed') throw new IllegalStateError('The programme is closed; only notes can be added');
    // Conditions may fall due after go-live (an SLA signed within three months), so they can be met once live.
    if (command.type === 'RecordConditionMet') return conditionMet(command, state);
    if (command.type === 'DescribeProgramme') {
      const { programmeId: _id, ...proposed } = command.data;
      const description = describedAs(proposed);
      if (JSON.stringify(description) === JSON.stringify(state.description ?? {})) return [];
      return [{ type: 'ProgrammeDescribed', data: { programmeId, ...description } }];
    }
    if (command.type === 'ChangeProgrammeSettings') {
      assertSettings(command.data);
      const { programmeId: _id, ...change } = command.data;
      const settings: ProgrammeSettings = { ...state.settings, ...change };
      return [{ type: 'ProgrammeSettingsChanged', data: { programmeId, ...settings } }];
    }
    if (state.status === 'live') {
      throw new IllegalStateError(`The programme went live on ${dayInWords(state.wentLiveOn)}; its go-live and board decisions are settled`);
    }

    switch (command.type) {
      case 'ConfirmGoLiveDate': {
        if (command.data.date !== state.goLiveDate) {
          throw new IllegalStateError(`The go-live date is ${dayInWords(state.goLiveDate)}, not ${dayInWords(command.data.date)}; confirm the date as it stands`);
        }
        if (state.goLiveConfirmed) throw new IllegalStateError(`The go-live date ${dayInWords(state.goLiveDate)} is already confirmed`);
        return [{ type: 'GoLiveDateConfirmed', data: { programmeId, date: state.goLiveDate } }];
      }
      case 'MoveGoLiveDate': {
        const { date, reasons, note } = command.data;
        if (date === state.goLiveDate) {
          throw new InvalidCommandError([{ field: 'date', problem: `is already the go-live date (${dayInWords(date)})` }]);
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
          throw new InvalidCommandError([{ field: 'date', problem: `must not be before the programme began (${dayInWords(state.startedOn)})` }]);
        }
        assertGoStands(state, date);
        return [{ type: 'ProgrammeWentLive', data: { programmeId, date, plannedDate: state.goLiveDate } }];
      }
      case 'RecordBoardRating': {
        assertDecidingBody(state.settings, 'delivery-confidence', command.data.body);
        const { decisionId, rating, rationale } = command.data;
        return [{ type: 'BoardRatingRecorded', data: { programmeId, decisionId, rating, rationale, ...judgedOf(command.data) } }];
      }
      case 'DecideGoNoGo': {
        assertDecidingBody(state.settings, 'go-no-go', command.data.body);
        const { decisionId, decision, reasons } = command.data;
        const conditions = conditionsOf(command.data, today);
        return [
          {
            type: 'GoNoGoDecided',
            data: { programmeId, decisionId, decision, reasons, goLiveDate: state.goLiveDate, ...(conditions.length > 0 ? { conditions } : {}), ...judgedOf(command.data) },
          },
        ];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'ProgrammeRegistered') {
      const { registeredAt, startedOn, ...details } = event.data;
      return { status: 'active', goLiveConfirmed: false, goNoGo: [], registeredAt, startedOn: startedOn ?? ukDateOf(registeredAt), settings: DEFAULT_PROGRAMME_SETTINGS, ...details };
    }
    if (state.status === 'unregistered') return state;
    switch (event.type) {
      case 'GoLiveDateConfirmed':
        return { ...state, goLiveConfirmed: true };
      case 'GoLiveDateMoved':
        // A moved date is provisional again until it is confirmed.
        return { ...state, goLiveDate: event.data.to, goLiveConfirmed: false, standingGoNoGo: undefined };
      case 'ProgrammeWentLive':
        return { ...state, status: 'live', wentLiveOn: event.data.date };
      case 'ProgrammeClosed':
        return { ...state, status: 'closed' };
      case 'BoardRatingRecorded':
        return state;
      case 'GoNoGoDecided': {
        const { decisionId, decision, goLiveDate, conditions = [] } = event.data;
        const record: GoNoGoRecord = { decisionId, decision, goLiveDate, conditions: conditions.map((c) => ({ ...c, met: false })) };
        // Taken for the date that stood when it was taken, which is the current one: decisions are refused once a date has moved past them.
        return { ...state, goNoGo: [...state.goNoGo, record], standingGoNoGo: goLiveDate === state.goLiveDate ? decisionId : state.standingGoNoGo };
      }
      case 'DecisionConditionMet': {
        const { decisionId, conditionId } = event.data;
        const goNoGo = state.goNoGo.map((d) =>
          d.decisionId !== decisionId ? d : { ...d, conditions: d.conditions.map((c) => (c.conditionId === conditionId ? { ...c, met: true } : c)) },
        );
        return { ...state, goNoGo };
      }
      case 'ProgrammeSettingsChanged': {
        const { programmeId: _id, ...settings } = event.data;
        return { ...state, settings };
      }
      case 'ProgrammeDescribed': {
        const { programmeId: _id, ...description } = event.data;
        return { ...state, description };
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
    DecisionConditionMet: 1,
    ProgrammeSettingsChanged: 1,
    ProgrammeDescribed: 1,
  },
});

/** A description checked field by field, in one order, blanks left out. */
function describedAs(proposed: ProgrammeDescription): ProgrammeDescription {
  const text = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const problems = [
    ...(proposed.region !== undefined && !(REGIONS as readonly string[]).includes(proposed.region) ? [{ field: 'region', problem: `must be one of: ${REGIONS.join(', ')}` }] : []),
    ...(proposed.deliveryModel !== undefined && !(DELIVERY_MODELS as readonly string[]).includes(proposed.deliveryModel) ? [{ field: 'deliveryModel', problem: `must be one of: ${DELIVERY_MODELS.join(', ')}` }] : []),
  ];
  if (problems.length > 0) throw new InvalidCommandError(problems);
  const inspectionJudgement = text(proposed.inspectionJudgement);
  const leadAdviser = text(proposed.leadAdviser);
  return {
    ...(proposed.region ? { region: proposed.region } : {}),
    ...(proposed.deliveryModel ? { deliveryModel: proposed.deliveryModel } : {}),
    ...(inspectionJudgement ? { inspectionJudgement } : {}),
    ...(leadAdviser ? { leadAdviser } : {}),
  };
}

type ActiveProgramme = Exclude<Programme, { status: 'unregistered' }>;

/** The decision standing on the current go-live date, if any. */
export function standingGoNoGo(state: ActiveProgramme): GoNoGoRecord | undefined {
  return state.goNoGo.find((d) => d.decisionId === state.standingGoNoGo);
}

/** Numbered in the order the board gave them; a condition already past due is no condition. */
function conditionsOf(data: DecideGoNoGo['data'], today: string): DecisionCondition[] {
  const conditions = data.conditions ?? [];
  if (conditions.length === 0) return [];
  if (data.decision !== 'go') throw new InvalidCommandError([{ field: 'conditions', problem: 'may only be given on a go decision' }]);
  const late = conditions.findIndex((c) => c.dueOn < today);
  if (late >= 0) throw new InvalidCommandError([{ field: `conditions[${late}].dueOn`, problem: `must not be before today (${today})` }]);
  return conditions.map(({ text, owner, dueOn }, index) => ({ conditionId: `c${index + 1}`, text, owner, dueOn }));
}

/**
 * Go-live needs a go: the board's decision standing on the go-live date, not a no-go taken since and
 * not one taken for a date that has since moved. A go "subject to" conditions is what a board means
 * by "go, provided these are done in time": a condition due on or before go-live must be met before
 * go-live is recorded; one due later is a follow-up and does not hold go-live back. Go-live is
 * judged against the later of the planned and the actual date, so going live early does not skip
 * conditions the board set for the planned day.
 */
function assertGoStands(state: ActiveProgramme, date: string): void {
  const standing = standingGoNoGo(state);
  if (standing === undefined) {
    const earlier = [...state.goNoGo].reverse().find((d) => d.decision === 'go');
    const moved = earlier ? `; the last go (decision ${earlier.decisionId}) was for ${dayInWords(earlier.goLiveDate)}, and the date has moved since` : '';
    throw new IllegalStateError(`Go-live needs a go: the board has no go / no-go decision standing on the go-live date ${dayInWords(state.goLiveDate)}${moved}. Record a go decision first`);
  }
  if (standing.decision !== 'go') {
    throw new IllegalStateError(`Go-live needs a go: the board's decision standing on the go-live date ${dayInWords(state.goLiveDate)} is no-go (decision ${standing.decisionId}). Record a go decision first`);
  }
  const by = date > standing.goLiveDate ? date : standing.goLiveDate;
  const unmet = standing.conditions.filter((c) => !c.met && c.dueOn <= by);
  if (unmet.length > 0) {
    const named = unmet.map((c) => `${c.conditionId} "${c.text}" (${c.owner}, due ${dayInWords(c.dueOn)})`).join('; ');
    throw new IllegalStateError(`The go (decision ${standing.decisionId}) is subject to conditions due by go-live that are not met: ${named}. Record each condition met first`);
  }
}

function conditionMet(command: RecordConditionMet, state: ActiveProgramme): ProgrammeEvent[] {
  const { decisionId, conditionId, note, evidence } = command.data;
  const decision = state.goNoGo.find((d) => d.decisionId === decisionId);
  if (decision === undefined) throw new NotFoundError('go / no-go decision', decisionId);
  const condition = decision.conditions.find((c) => c.conditionId === conditionId);
  if (condition === undefined) throw new NotFoundError(`condition of decision ${decisionId}`, conditionId);
  if (condition.met) throw new IllegalStateError(`Condition ${conditionId} of decision ${decisionId} is already recorded as met`);
  if (state.standingGoNoGo !== decisionId) {
    throw new IllegalStateError(`Decision ${decisionId} no longer stands (a later decision was taken, or the go-live date moved), so its conditions bind nothing`);
  }
  const withEvidence = evidence !== undefined && evidence.length > 0 ? { evidence: [...evidence] } : {};
  return [{ type: 'DecisionConditionMet', data: { programmeId: state.programmeId, decisionId, conditionId, note, ...withEvidence } }];
}
