import { InvalidCommandError } from '../errors';
import { SEVERITIES, Severity } from './programme-facts';

/** The kinds of decision a body may take. */
export const DECISION_TYPES = ['sla-recommendation', 'risk-acceptance', 'delivery-confidence', 'go-no-go'] as const;
export type DecisionType = (typeof DECISION_TYPES)[number];

/**
 * Who takes decisions on a transition. Which body may take which decisions differs from one
 * programme to the next (a statutory direction puts the Commissioner and the Secretary of State in
 * the chain; a voluntary transfer has the council's cabinet instead), so it is a programme setting.
 */
export const DECIDING_BODIES = {
  'project-board': 'Project board',
  commissioner: 'Commissioner',
  department: 'The department / Secretary of State',
  'shadow-trust-board': 'Shadow trust board',
  'council-cabinet': 'Council cabinet',
} as const;
export type DecidingBody = keyof typeof DECIDING_BODIES;
export const DECIDING_BODY_CODES = Object.keys(DECIDING_BODIES) as DecidingBody[];

export function decidingBodyLabel(code: string): string {
  return (DECIDING_BODIES as Record<string, string>)[code] ?? code;
}

export type DecisionBodies = Readonly<Partial<Record<DecidingBody, readonly DecisionType[]>>>;

export interface ProgrammeSettings {
  /** Which body may take which decisions; a body not listed takes none. */
  readonly decisionBodies: DecisionBodies;
  /**
   * Four eyes: for findings of these severities, whoever resolved the finding may not also close
   * it. Policy, not law: the default follows common internal-audit practice for the serious ones.
   */
  readonly fourEyes: readonly Severity[];
}

/** Until a programme says otherwise: the project board takes every decision, and four eyes guard critical and high findings. */
export const DEFAULT_PROGRAMME_SETTINGS: ProgrammeSettings = {
  decisionBodies: { 'project-board': [...DECISION_TYPES] },
  fourEyes: ['critical', 'high'],
};

/**
 * Refuses settings that name unknown bodies, decision types or severities, and bodies (which are
 * given whole) that leave a kind of decision to nobody: a programme whose go / no-go nobody may take
 * could never record a go, and so never go live.
 */
export function assertSettings(settings: Partial<ProgrammeSettings>): void {
  const problems: { field: string; problem: string }[] = [];
  for (const [body, types] of Object.entries(settings.decisionBodies ?? {})) {
    if (!(body in DECIDING_BODIES)) problems.push({ field: `decisionBodies.${body}`, problem: `is not a deciding body; use ${DECIDING_BODY_CODES.join(', ')}` });
    const unknown = (types ?? []).filter((type) => !(DECISION_TYPES as readonly string[]).includes(type));
    if (unknown.length > 0) problems.push({ field: `decisionBodies.${body}`, problem: `${unknown.join(', ')} is not a decision type; use ${DECISION_TYPES.join(', ')}` });
  }
  if (settings.decisionBodies !== undefined) {
    const untaken = untakenDecisionTypes(settings.decisionBodies);
    if (untaken.length > 0) problems.push({ field: 'decisionBodies', problem: `must leave every decision to some body; nobody would take ${untaken.join(', ')}` });
  }
  const unknownSeverities = (settings.fourEyes ?? []).filter((severity) => !(SEVERITIES as readonly string[]).includes(severity));
  if (unknownSeverities.length > 0) problems.push({ field: 'fourEyes', problem: `${unknownSeverities.join(', ')} is not a severity; use ${SEVERITIES.join(', ')}` });
  if (problems.length > 0) throw new InvalidCommandError(problems);
}

/** The kinds of decision no known body takes under these bodies. */
export function untakenDecisionTypes(decisionBodies: DecisionBodies): DecisionType[] {
  const taken = new Set(DECIDING_BODY_CODES.flatMap((body) => decisionBodies[body] ?? []));
  return DECISION_TYPES.filter((type) => !taken.has(type));
}

/** Which bodies may take a decision of this type under these settings. */
export function bodiesFor(settings: ProgrammeSettings, type: DecisionType): DecidingBody[] {
  return DECIDING_BODY_CODES.filter((body) => settings.decisionBodies[body]?.includes(type));
}
