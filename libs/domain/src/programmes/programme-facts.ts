import { IllegalStateError, InvalidCommandError } from '../errors';

/**
 * What the rest of the domain needs to know about the programme a command belongs to. The
 * handler reads it from the programme's stream and hands it in with the command, so deciders
 * stay pure.
 */
export interface ProgrammeFacts {
  readonly programmeId: string;
  /** active → live (went live: registers frozen) → closed (nothing but notes). */
  readonly status: 'active' | 'live' | 'closed';
  /** When the programme was registered: nothing can have become true before it. */
  readonly registeredAt: string;
  readonly goLiveDate: string;
}

/** Register items may change only before go-live. */
export function assertRegistersOpen(programme: ProgrammeFacts): void {
  if (programme.status === 'live') {
    throw new IllegalStateError('The programme has gone live, so its registers are frozen; only notes can be added');
  }
  assertProgrammeOpen(programme);
}

/** After closure nothing changes but notes. */
export function assertProgrammeOpen(programme: ProgrammeFacts): void {
  if (programme.status === 'closed') throw new IllegalStateError('The programme is closed; only notes can be added');
}

/** When a fact became true: not in the future, and not before the programme existed. */
export function assertEffectiveAt(effectiveAt: string | undefined, now: string, programme: ProgrammeFacts): void {
  if (effectiveAt === undefined) return;
  if (effectiveAt > now) throw new InvalidCommandError([{ field: 'effectiveAt', problem: 'must not be in the future' }]);
  if (effectiveAt < programme.registeredAt) {
    throw new InvalidCommandError([{ field: 'effectiveAt', problem: `must not be before the programme was registered (${programme.registeredAt})` }]);
  }
}

/** Every stream of a programme starts with its own prefix, so one prefix reads the programme's whole history. */
export const programmeStreamPrefix = (programmeId: string) => `programme-${programmeId}`;
export const itemStreamId = (programmeId: string, itemId: string) => `programme-${programmeId}-item-${itemId}`;
export const findingStreamId = (programmeId: string, findingId: string) => `programme-${programmeId}-finding-${findingId}`;
export const budgetStreamId = (programmeId: string) => `programme-${programmeId}-budgets`;
export const notesStreamId = (programmeId: string) => `programme-${programmeId}-notes`;

/** The due-diligence areas, as codes. */
export const AREAS = ['systems', 'processes', 'assets', 'contracts', 'slas', 'budgets', 'staff', 'governance'] as const;
export type Area = (typeof AREAS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
