import { assertNever, Command, Decider, DomainEvent, upcasting } from '../decider';
import { IllegalStateError, InvalidCommandError, NotFoundError } from '../errors';
import { ukDateOf } from '../calendar';
import { Judged, assertDecidingBody, judgedOf } from '../judged';
import { Area, ProgrammeFacts, Severity, assertProgrammeOpen } from '../programmes/programme-facts';

/** A reference to evidence kept elsewhere; the hash lets a reader prove the document has not changed since. */
export interface Evidence {
  readonly link: string;
  readonly sha256?: string;
  readonly description?: string;
}

/** A finding is raised against one register item, or against a whole area where no single item is to blame. */
export type FindingTarget =
  | { readonly kind: 'item'; readonly itemId: string; readonly area: Area }
  | { readonly kind: 'area'; readonly area: Area };

export interface FindingDetails {
  readonly target: FindingTarget;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly owner: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
}

/** The target is not here: a finding moved to another item would be a different finding. */
export type FindingChanges = Partial<Pick<FindingDetails, 'title' | 'description' | 'severity' | 'owner' | 'dueDate'>>;

interface FindingIds {
  readonly programmeId: string;
  readonly findingId: string;
}

// Commands: the handler hands in the programme's facts so the decider can stay pure.
export type FindingCommandOf<T extends string, D> = Command<T, D> & { readonly programme: ProgrammeFacts };

export type RaiseFinding = FindingCommandOf<
  'RaiseFinding',
  { readonly findingId: string; readonly evidence: readonly Evidence[] } & FindingDetails
>;
export type AddFindingEvidence = FindingCommandOf<'AddFindingEvidence', { readonly findingId: string; readonly evidence: readonly Evidence[] }>;
export type UpdateFinding = FindingCommandOf<'UpdateFinding', { readonly findingId: string; readonly changes: FindingChanges }>;
export type MitigateFinding = FindingCommandOf<'MitigateFinding', { readonly findingId: string; readonly note: string }>;
/** resolvedBy: the user resolving it, from the request context (the decider records who, so four eyes can be kept). */
export type ResolveFinding = FindingCommandOf<
  'ResolveFinding',
  { readonly findingId: string; readonly resolution: string; readonly evidence: readonly Evidence[]; readonly resolvedBy: string }
>;
/** closedBy: the user closing it, from the request context; four eyes compare it with who resolved it. */
export type CloseFinding = FindingCommandOf<'CloseFinding', { readonly findingId: string; readonly note?: string; readonly closedBy: string }>;
export type ReopenFinding = FindingCommandOf<'ReopenFinding', { readonly findingId: string; readonly reason: string }>;
/** A board decision: the risk is carried knowingly, for a while, not forgotten. */
export type AcceptFindingRisk = FindingCommandOf<
  'AcceptFindingRisk',
  { readonly findingId: string; readonly decisionId: string; readonly reason: string; readonly expiresOn: string } & Judged
>;
export type FindingCommand =
  | RaiseFinding
  | AddFindingEvidence
  | UpdateFinding
  | MitigateFinding
  | ResolveFinding
  | CloseFinding
  | ReopenFinding
  | AcceptFindingRisk;

export type FindingStatus = 'open' | 'mitigated' | 'resolved' | 'closed' | 'risk-accepted';

// Events: named facts in the past tense, with stable string types.
export type FindingRaised = DomainEvent<'FindingRaised', FindingIds & FindingDetails & { readonly evidence: readonly Evidence[] }>;
export type FindingEvidenceAdded = DomainEvent<'FindingEvidenceAdded', FindingIds & { readonly evidence: readonly Evidence[] }>;
/** Carries only what changed, so the history shows what each update actually did. */
export type FindingUpdated = DomainEvent<'FindingUpdated', FindingIds & { readonly changes: FindingChanges }>;
export type FindingMitigated = DomainEvent<'FindingMitigated', FindingIds & { readonly note: string }>;
/**
 * Carries only the evidence given with the resolution; evidence added earlier is already in the stream.
 * resolvedBy (the user's id) is recorded since four eyes came in; older resolutions lack it, and the
 * app reads it from who recorded the event instead (see findings/four-eyes.ts).
 */
export type FindingResolved = DomainEvent<
  'FindingResolved',
  FindingIds & { readonly resolution: string; readonly evidence: readonly Evidence[]; readonly resolvedBy?: string }
>;
export type FindingClosed = DomainEvent<'FindingClosed', FindingIds & { readonly note?: string }>;
export type FindingReopened = DomainEvent<'FindingReopened', FindingIds & { readonly reason: string; readonly reopenedFrom: FindingStatus }>;
export type FindingRiskAccepted = DomainEvent<
  'FindingRiskAccepted',
  FindingIds & { readonly decisionId: string; readonly reason: string; readonly expiresOn: string } & Judged
>;
export type FindingEvent =
  | FindingRaised
  | FindingEvidenceAdded
  | FindingUpdated
  | FindingMitigated
  | FindingResolved
  | FindingClosed
  | FindingReopened
  | FindingRiskAccepted;

// State
export type RaisedFinding = {
  readonly status: FindingStatus;
  readonly evidence: readonly Evidence[];
  /** While the risk is accepted: the board's decision and when it lapses. */
  readonly riskAcceptance?: { readonly decisionId: string; readonly reason: string; readonly expiresOn: string };
  /** While resolved: who resolved it, where known, for four eyes. */
  readonly resolvedBy?: string;
} & FindingIds &
  FindingDetails;
export type Finding = { readonly status: 'none' } | RaisedFinding;

const RISK_ACCEPTED = 'The board has accepted the risk of this finding';

/**
 * The legal moves in one table: null means the command is allowed from that status, otherwise
 * the words that tell the user why not and what to do instead. Every status must be listed, so
 * adding one makes the compiler ask what each command does with it.
 */
const REFUSALS: {
  readonly [C in Exclude<FindingCommand['type'], 'RaiseFinding'>]: Readonly<Record<FindingStatus, string | null>>;
} = {
  AddFindingEvidence: {
    open: null,
    mitigated: null,
    resolved: null,
    // Evidence may still arrive after the board accepts a risk, e.g. to support lifting it.
    'risk-accepted': null,
    closed: 'This finding is closed; reopen it before adding evidence',
  },
  UpdateFinding: {
    open: null,
    mitigated: null,
    resolved: 'This finding is resolved; reopen it before changing it',
    closed: 'This finding is closed; reopen it before changing it',
    'risk-accepted': `${RISK_ACCEPTED}; reopen it before changing it`,
  },
  MitigateFinding: {
    open: null,
    mitigated: 'This finding is already mitigated; resolve it with evidence when the problem is fixed',
    resolved: 'This finding is already resolved, so there is nothing left to mitigate; reopen it if the problem has come back',
    closed: 'This finding is closed, so there is nothing left to mitigate; reopen it if the problem has come back',
    'risk-accepted': `${RISK_ACCEPTED}; reopen it before mitigating it`,
  },
  ResolveFinding: {
    open: null,
    mitigated: null,
    resolved: 'This finding is already resolved; an adviser can now verify the resolution and close it',
    closed: 'This finding is closed; reopen it before resolving it again',
    'risk-accepted': `${RISK_ACCEPTED}; reopen it before resolving it`,
  },
  CloseFinding: {
    open: 'This finding is not resolved yet; resolve it with evidence before closing it',
    mitigated: 'This finding is not resolved yet; resolve it with evidence before closing it',
    resolved: null,
    closed: 'This finding is already closed',
    'risk-accepted': `${RISK_ACCEPTED}, so there is no resolution to verify; reopen it and resolve it with evidence before closing it`,
  },
  ReopenFinding: {
    open: 'This finding is already open',
    mitigated: 'This finding is already open',
    resolved: null,
    closed: null,
    'risk-accepted': null,
  },
  AcceptFindingRisk: {
    open: null,
    mitigated: null,
    resolved: 'This finding is resolved, so there is no open risk to accept; reopen it if the risk remains',
    closed: 'This finding is closed, so there is no open risk to accept; reopen it if the risk remains',
    'risk-accepted': 'The board has already accepted the risk of this finding; reopen it before recording a new decision',
  },
};

/** The finding the command is about, if it exists and the command is a legal move from where it stands. */
function findingFor(command: Exclude<FindingCommand, RaiseFinding>, state: Finding): RaisedFinding {
  if (state.status === 'none') throw new NotFoundError('finding', command.data.findingId);
  const refusal = REFUSALS[command.type][state.status];
  if (refusal !== null) throw new IllegalStateError(refusal);
  return state;
}

/**
 * Four eyes, a policy of the programme (settings.fourEyes, by default critical and high): whoever
 * resolved a finding of those severities may not also close it; someone else verifies the resolution.
 * The policy in force when the finding is closed applies. Where nobody knows who resolved it, nothing
 * can be compared, so it may be closed.
 */
function assertFourEyes(finding: RaisedFinding, command: CloseFinding): void {
  if (finding.resolvedBy === undefined || finding.resolvedBy !== command.data.closedBy) return;
  if (!command.programme.settings.fourEyes.includes(finding.severity)) return;
  throw new IllegalStateError(
    `The person who resolved this ${finding.severity} finding may not also close it: another adviser must verify the resolution and close it (four eyes, a policy of this programme)`,
  );
}

/** Only the fields that really change, so an update that changes nothing records nothing. */
function differences(finding: RaisedFinding, changes: FindingChanges): FindingChanges {
  const changed = <K extends keyof FindingChanges>(key: K): FindingChanges =>
    changes[key] === undefined || changes[key] === finding[key] ? {} : { [key]: changes[key] };
  return { ...changed('title'), ...changed('description'), ...changed('severity'), ...changed('owner'), ...changed('dueDate') };
}

export const findingDecider: Decider<Finding, FindingCommand, FindingEvent> = upcasting<Finding, FindingCommand, FindingEvent>({
  initialState: () => ({ status: 'none' }),

  // Event data is built field by field so that nothing extra on a command is stored forever.
  decide(command, state) {
    assertProgrammeOpen(command.programme);
    const ids: FindingIds = { programmeId: command.programme.programmeId, findingId: command.data.findingId };
    switch (command.type) {
      case 'RaiseFinding': {
        if (state.status !== 'none') throw new IllegalStateError('This finding has already been raised');
        const { target, title, description, severity, owner, dueDate, evidence } = command.data;
        return [{ type: 'FindingRaised', data: { ...ids, target, title, description, severity, owner, dueDate, evidence } }];
      }
      case 'AddFindingEvidence': {
        findingFor(command, state);
        return [{ type: 'FindingEvidenceAdded', data: { ...ids, evidence: command.data.evidence } }];
      }
      case 'UpdateFinding': {
        const changes = differences(findingFor(command, state), command.data.changes);
        return Object.keys(changes).length === 0 ? [] : [{ type: 'FindingUpdated', data: { ...ids, changes } }];
      }
      case 'MitigateFinding': {
        findingFor(command, state);
        return [{ type: 'FindingMitigated', data: { ...ids, note: command.data.note } }];
      }
      case 'ResolveFinding': {
        const finding = findingFor(command, state);
        // A finding is resolved with evidence, not on someone's word; evidence attached earlier counts.
        if (finding.evidence.length + command.data.evidence.length === 0) {
          throw new InvalidCommandError([{ field: 'evidence', problem: 'must include at least one piece of evidence to resolve a finding' }]);
        }
        const { resolution, evidence, resolvedBy } = command.data;
        return [{ type: 'FindingResolved', data: { ...ids, resolution, evidence, resolvedBy } }];
      }
      case 'CloseFinding': {
        assertFourEyes(findingFor(command, state), command);
        const { note } = command.data;
        return [{ type: 'FindingClosed', data: note === undefined ? ids : { ...ids, note } }];
      }
      case 'ReopenFinding': {
        const finding = findingFor(command, state);
        return [{ type: 'FindingReopened', data: { ...ids, reason: command.data.reason, reopenedFrom: finding.status } }];
      }
      case 'AcceptFindingRisk': {
        findingFor(command, state);
        assertDecidingBody(command.programme.settings, 'risk-acceptance', command.data.body);
        const { decisionId, reason, expiresOn } = command.data;
        // An acceptance that has already lapsed would accept nothing; "today" is the UK day the board sits in.
        if (expiresOn <= ukDateOf(command.metadata.now)) {
          throw new InvalidCommandError([{ field: 'expiresOn', problem: 'must be a date after today' }]);
        }
        return [{ type: 'FindingRiskAccepted', data: { ...ids, decisionId, reason, expiresOn, ...judgedOf(command.data) } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'FindingRaised') {
      const { programmeId, findingId, target, title, description, severity, owner, dueDate, evidence } = event.data;
      return { status: 'open', programmeId, findingId, target, title, description, severity, owner, dueDate, evidence };
    }
    // decide never emits for a finding that was not raised, so there is nothing to fold it into.
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'FindingEvidenceAdded':
        return { ...state, evidence: [...state.evidence, ...event.data.evidence] };
      case 'FindingUpdated':
        return { ...state, ...event.data.changes };
      case 'FindingMitigated':
        return { ...state, status: 'mitigated' };
      case 'FindingResolved':
        return { ...state, status: 'resolved', evidence: [...state.evidence, ...event.data.evidence], resolvedBy: event.data.resolvedBy };
      case 'FindingClosed':
        return { ...state, status: 'closed' };
      case 'FindingReopened':
        return { ...state, status: 'open', riskAcceptance: undefined, resolvedBy: undefined };
      case 'FindingRiskAccepted': {
        const { decisionId, reason, expiresOn } = event.data;
        return { ...state, status: 'risk-accepted', riskAcceptance: { decisionId, reason, expiresOn } };
      }
      default:
        return assertNever(event);
    }
  },

  schemaVersions: {
    FindingRaised: 1,
    FindingEvidenceAdded: 1,
    FindingUpdated: 1,
    FindingMitigated: 1,
    FindingResolved: 1,
    FindingClosed: 1,
    FindingReopened: 1,
    FindingRiskAccepted: 1,
  },
});
