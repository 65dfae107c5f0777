/** One thing wrong with a file: where (the spreadsheet's own row number and the column's header), what it held, and why. */
export interface ImportProblem {
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly problem: string;
}

/** A file whose rows cannot all be recorded: every problem found, and nothing recorded. */
export class ImportRefusedError extends Error {
  readonly code = 'IMPORT_REFUSED';

  constructor(readonly problems: readonly ImportProblem[]) {
    super(`${problems.length === 1 ? 'One problem' : `${problems.length} problems`} in the file; nothing was recorded.`);
    this.name = 'ImportRefusedError';
  }
}
