/**
 * What every board decision records beside its own fields: the readiness rule-set version the board
 * judged with. The application sets it (never the request body); the domain only carries it, so it
 * has no dependency on the readiness rules.
 */
export interface Judged {
  /** Absent on decisions recorded before versions were: those were judged with version 1. */
  readonly rulesetVersion?: number;
}

/** Left out when not given, so a decision without one reads as it always did. */
export const versionOf = (rulesetVersion: number | undefined): Judged => (rulesetVersion === undefined ? {} : { rulesetVersion });
