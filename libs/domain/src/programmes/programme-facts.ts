import { IllegalStateError, InvalidCommandError } from '../errors';
import { ukMidnight } from '../calendar';
import type { ProgrammeSettings } from './programme-settings';

/**
 * What the rest of the domain needs to know about the programme a command belongs to. The
 * handler reads it from the programme's stream and hands it in with the command, so deciders
 * stay pure.
 */
export interface ProgrammeFacts {
  readonly programmeId: string;
  /**
   * active → live → closed (nothing but notes). Going live settles the go-live and the board's
   * go-live decisions, not the registers: what is outstanding is still progressed, items found late
   * are registered and later years' budgets set, until the programme closes.
   */
  readonly status: 'active' | 'live' | 'closed';
  /** When the programme was registered: nothing can have become true before it. */
  readonly registeredAt: string;
  /**
   * The day the transition began: the registration day, or earlier for a programme already under
   * way when it was registered. Facts may be recorded as effective back to it, never before.
   */
  readonly startedOn: string;
  readonly goLiveDate: string;
  readonly settings: ProgrammeSettings;
}

/** After closure nothing changes but notes; before it, the registers stay open, go-live or not. */
export function assertProgrammeOpen(programme: ProgrammeFacts): void {
  if (programme.status === 'closed') throw new IllegalStateError('The programme is closed; only notes can be added');
}

/** When a fact became true: not in the future, and not before the transition began. */
export function assertEffectiveAt(effectiveAt: string | undefined, now: string, programme: Pick<ProgrammeFacts, 'registeredAt' | 'startedOn'>): void {
  if (effectiveAt === undefined) return;
  if (effectiveAt > now) throw new InvalidCommandError([{ field: 'effectiveAt', problem: 'must not be in the future' }]);
  const start = earliestEffectiveAt(programme);
  if (effectiveAt < start) {
    throw new InvalidCommandError([{ field: 'effectiveAt', problem: `must not be before the programme began (${start})` }]);
  }
}

/** The earliest instant a fact of this programme may be effective: the start of its first day, or its registration. */
export function earliestEffectiveAt(programme: Pick<ProgrammeFacts, 'registeredAt' | 'startedOn'>): string {
  const start = ukMidnight(programme.startedOn);
  return start < programme.registeredAt ? start : programme.registeredAt;
}

/** The due-diligence areas, as codes. */
export const AREAS = ['systems', 'processes', 'assets', 'contracts', 'slas', 'budgets', 'staff', 'governance'] as const;
export type Area = (typeof AREAS)[number];

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
