import { IllegalStateError } from './errors';
import { DecidingBody, DecisionType, ProgrammeSettings, bodiesFor, decidingBodyLabel } from './programmes/programme-settings';

/** The head of the programme's hash chain a board decided against: what it had in front of it. */
export interface SeenHead {
  readonly position: number;
  readonly eventCount: number;
  readonly headHash: string;
}

/** The board pack as tabled, kept in the document store by its SHA-256. */
export interface TabledBoardPack {
  readonly sha256: string;
  readonly bytes: number;
  /** application/pdf, or text/html when no PDF could be printed and the printable page was kept instead. */
  readonly mediaType: 'application/pdf' | 'text/html';
}

/**
 * What every board decision records beside its own fields: the readiness rule-set version the board
 * judged with, who decided (the body and who sat), and what it saw (the chain head and the pack as
 * tabled). The application sets the version, the head and the pack (never the request body); the
 * domain only carries them, so it has no dependency on the readiness rules or the store.
 */
export interface Judged {
  /** Absent on decisions recorded before versions were: those were judged with version 1. */
  readonly rulesetVersion?: number;
  /** Absent on decisions recorded before bodies were: those were the project board's. */
  readonly body?: DecidingBody;
  readonly attendees?: readonly string[];
  readonly seen?: SeenHead;
  readonly boardPack?: TabledBoardPack;
}

/** Left out when not given, so a decision without one reads as it always did. */
export const versionOf = (rulesetVersion: number | undefined): Judged => (rulesetVersion === undefined ? {} : { rulesetVersion });

/** The body a decision recorded, reading an older decision (before bodies were recorded) as the project board's. */
export const bodyOf = (judged: Judged): DecidingBody => judged.body ?? 'project-board';

/** The Judged fields of a command, each left out when not given, so the event holds no undefined. */
export function judgedOf(data: Judged): Judged {
  const { rulesetVersion, body, attendees, seen, boardPack } = data;
  return {
    ...versionOf(rulesetVersion),
    ...(body === undefined ? {} : { body }),
    ...(attendees === undefined ? {} : { attendees: [...attendees] }),
    ...(seen === undefined ? {} : { seen }),
    ...(boardPack === undefined ? {} : { boardPack }),
  };
}

/** A body the programme's settings do not allow the decision: a 409 in words, which a form shows beside who decided. */
export class DecidingBodyNotAllowedError extends IllegalStateError {
  readonly field = 'body';

  constructor(message: string) {
    super(message);
    this.name = 'DecidingBodyNotAllowedError';
  }
}

/** Which body may take which decision is the programme's setting: a body not allowed the type is refused, naming those that are. */
export function assertDecidingBody(settings: ProgrammeSettings, type: DecisionType, body: DecidingBody = 'project-board'): void {
  const allowed = bodiesFor(settings, type);
  if (allowed.includes(body)) return;
  const may = allowed.length === 0 ? 'no body may take them until the programme settings allow one' : `bodies that may: ${allowed.map(decidingBodyLabel).join(', ')}`;
  throw new DecidingBodyNotAllowedError(`${decidingBodyLabel(body)} may not take ${type} decisions in this programme; ${may}`);
}
